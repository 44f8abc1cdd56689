package dev.rootfs.tmpfiles;

import java.util.Arrays;
import java.util.List;

/**
 * One accepted tmpfiles line, with its fields resolved: the unprefixed, simplified target path, the argument
 * (bytes for the writing types, text otherwise), owners as ids, mode and age.
 *
 * @param where     {@code file:line}
 * @param letter    the type letter as written (F and m keep theirs)
 * @param argument  decoded argument or null; for L the link target, for C the source path
 * @param major     device major (c/b), else -1
 * @param xattrs    t/T: name=value pairs
 * @param attributes h/H: the attribute argument
 */
public record Item(String where, LineType type, char letter, Modifiers mods, String path, byte[] argument,
        Mode mode, Owner uid, Owner gid, Age age, long major, long minor, List<String> xattrs, String attributes) {

    public String argumentText() {
        return argument == null ? null : new String(argument, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** systemd's item_compatible(): equal lines of ownership-taking types may share a path. */
    boolean compatibleWith(Item o) {
        if (!type.takesOwnership() || !o.type.takesOwnership()) {
            return true;
        }
        return Arrays.equals(argument, o.argument)
                && uid.set() == o.uid.set() && uid.id() == o.uid.id() && uid.onlyCreate() == o.uid.onlyCreate()
                && gid.set() == o.gid.set() && gid.id() == o.gid.id() && gid.onlyCreate() == o.gid.onlyCreate()
                && mode.set() == o.mode.set() && mode.value() == o.mode.value()
                && mode.onlyCreate() == o.mode.onlyCreate() && mode.masked() == o.mode.masked()
                && age.equals(o.age) && major == o.major && minor == o.minor;
    }

    /** The letter systemd sorts by within one path. */
    char sortLetter() {
        return letter;
    }

    @Override
    public String toString() {
        return where + ": " + letter + " " + path;
    }
}
