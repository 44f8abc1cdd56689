package dev.rootfs.tmpfiles;

import java.util.List;

/**
 * A line while it is being parsed: the fields read so far, which the {@link LineType} hooks check and complete,
 * and the outcome their diagnostics go to.
 */
final class Line {
    final String where;
    final LineParser.Context ctx;
    final LineParser.Outcome out;
    final Modifiers mods;
    final char letter;
    /** The expanded, simplified path. */
    String path;
    /** The argument field as written; null for none or "-". */
    String arg;
    /** The item's argument once resolved. */
    byte[] argument;
    long major = -1;
    long minor = -1;
    List<String> xattrs = List.of();
    String attributes;

    Line(String where, LineParser.Context ctx, LineParser.Outcome out, Modifiers mods, char letter) {
        this.where = where;
        this.ctx = ctx;
        this.out = out;
        this.mods = mods;
        this.letter = letter;
    }

    int version() {
        return ctx.version();
    }

    /** Drops the line with a diagnostic; returns false so that a hook can {@code return l.drop(...)}. */
    boolean drop(Diagnostic.Kind kind, String message) {
        out.add(kind, where, message);
        return false;
    }

    /** Drops the line as deliberately skipped at build time. */
    boolean skip(Diagnostic.Reason reason, String subject, String message) {
        out.add(new Diagnostic(Diagnostic.Kind.SKIPPED, where, message, reason, subject));
        return false;
    }

    void warn(String message) {
        out.add(Diagnostic.Kind.WARNING, where, message);
    }
}
