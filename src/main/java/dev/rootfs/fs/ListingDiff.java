package dev.rootfs.fs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A readable difference of two listings, path by path: what is missing, what is extra, and for a path in both
 * the keywords that differ ({@code ./var/log: mode 0755 -> 2755}).
 */
public final class ListingDiff {
    private ListingDiff() {
    }

    /** The differences between {@code expected} and {@code actual}; empty when they are equal. */
    public static List<String> diff(Metadata expected, Metadata actual) {
        List<String> out = new ArrayList<>();
        Iterator<MetaEntry> ei = expected.entries().iterator();
        Iterator<MetaEntry> ai = actual.entries().iterator();
        MetaEntry e = next(ei);
        MetaEntry a = next(ai);
        while (e != null || a != null) {
            int c = e == null ? 1 : a == null ? -1 : TargetPaths.compare(e.path(), a.path());
            if (c < 0) {
                out.add("- missing  " + MtreeFormat.format(e).replace("\n", "\n           "));
                e = next(ei);
            } else if (c > 0) {
                out.add("+ extra    " + MtreeFormat.format(a).replace("\n", "\n           "));
                a = next(ai);
            } else {
                List<String> fields = fieldDiffs(e, a);
                if (!fields.isEmpty()) {
                    out.add("~ changed  " + MtreeEscaping.mtreePath(e.path()) + ": " + String.join(", ", fields));
                }
                e = next(ei);
                a = next(ai);
            }
        }
        return out;
    }

    private static List<String> fieldDiffs(MetaEntry e, MetaEntry a) {
        List<String> f = new ArrayList<>();
        field(f, "type", e.type() == null ? null : e.type().mtreeName(), a.type() == null ? null : a.type().mtreeName());
        field(f, "mode", e.mode() == null ? null : MtreeFormat.octal(e.mode()),
                a.mode() == null ? null : MtreeFormat.octal(a.mode()));
        field(f, "uid", e.uid(), a.uid());
        field(f, "gid", e.gid(), a.gid());
        field(f, "uname", e.uname(), a.uname());
        field(f, "gname", e.gname(), a.gname());
        field(f, "link", e.link(), a.link());
        field(f, "device", e.devMajor() == null ? null : e.devMajor() + "," + e.devMinor(),
                a.devMajor() == null ? null : a.devMajor() + "," + a.devMinor());
        field(f, "xattrs", e.xattrs().isEmpty() ? null : e.xattrs(), a.xattrs().isEmpty() ? null : a.xattrs());
        field(f, "sha256digest", e.sha256(), a.sha256());
        return f;
    }

    private static void field(List<String> out, String name, Object exp, Object act) {
        if (!Objects.equals(exp, act)) {
            out.add(name + " " + (exp == null ? "(none)" : exp) + " -> " + (act == null ? "(none)" : act));
        }
    }

    private static MetaEntry next(Iterator<MetaEntry> it) {
        return it.hasNext() ? it.next() : null;
    }
}
