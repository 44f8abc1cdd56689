package dev.rootfs.tmpfiles;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.tmpfiles.LineActions.Creation;
import dev.rootfs.tmpfiles.NodeView.Node;
import java.nio.charset.StandardCharsets;

/**
 * The tmpfiles.d line types, one constant each, holding everything that differs between types: whether the type
 * is a glob, takes ownership of its path (duplicate rule §7.1, order §8), how its argument is checked and resolved
 * when the line is parsed, and what it does under {@code --create} and {@code --remove} (§4, §12). The parser and
 * the executor only offer the primitives they use.
 */
public enum LineType {
    CREATE_FILE('f', Flags.OWNS | Flags.ARG_BYTES | Flags.PURGE) {
        @Override
        LineType refine(Modifiers mods) {
            return mods.plus() ? TRUNCATE_FILE : this; // f+ is F
        }

        @Override
        void create(Item it, LineActions ex) throws Failure {
            ex.mkdirParents(it, FileType.FILE);
            String p = ex.view().finalPath(it);
            Node st = ex.view().node(p);
            if (st == null) {
                ex.writeNewFile(p, it.mode().value(), it.argument());
                ex.setPerms(it, p, ex.view().node(p), Creation.NORMAL);
            } else if (st.type() != FileType.FILE) {
                throw new Failure(p + " exists and is not a regular file.");
            } else {
                ex.setPerms(it, p, st, Creation.EXISTING);
            }
        }
    },
    TRUNCATE_FILE('F', Flags.OWNS | Flags.ARG_BYTES | Flags.PURGE) {
        @Override
        void create(Item it, LineActions ex) throws Failure {
            ex.mkdirParents(it, FileType.FILE);
            String p = ex.view().finalPath(it);
            Node st = ex.view().node(p);
            Creation c;
            if (st == null) {
                ex.writeNewFile(p, it.mode().value(), it.argument());
                c = Creation.NORMAL;
            } else if (st.type() == FileType.DIR || st.type() == FileType.LINK) {
                throw new Failure("Failed to open/create file " + p + ": "
                        + (st.type() == FileType.DIR ? "Is a directory" : "Too many levels of symbolic links"));
            } else if (st.type() != FileType.FILE) {
                throw new Failure(p + " exists and is not a regular file.");
            } else {
                ex.overwriteFile(p, it.argument());
                c = Creation.EXISTING;
            }
            ex.setPerms(it, p, ex.view().node(p), c);
        }
    },
    WRITE_FILE('w', Flags.GLOB | Flags.OWNS | Flags.ARG_BYTES | Flags.PURGE | Flags.ARG_REQUIRED) {
        @Override
        boolean checkArgument(Line l) {
            return l.arg != null || l.drop(Diagnostic.Kind.INVALID, "Write file requires argument.");
        }

        @Override
        boolean appends(Modifiers mods) {
            return mods.plus();
        }

        @Override
        void create(Item it, LineActions ex) throws Failure {
            ex.eachMatch(it, m -> {
                ex.view().parentSafe(it, m);
                String target = ex.view().followInRoot(m);
                Node st = target == null ? null : ex.view().node(target);
                if (st == null) {
                    ex.skipped(it, m, "not writing missing file");
                    return;
                }
                if (st.type() == FileType.DIR) {
                    throw new Failure("Failed to open file \"" + m + "\": Is a directory");
                }
                if (st.type() != FileType.FILE && !st.onDisk()) {
                    ex.skipped(it, m, "not writing into a " + st.type().mtreeName() + " that exists only in the "
                            + "metadata", Diagnostic.Reason.METADATA_ONLY_NODE);
                    return;
                }
                if (st.type() == FileType.FIFO || st.type() == FileType.SOCKET) {
                    // systemd opens with O_NONBLOCK|O_WRONLY: a fifo nobody reads, or a socket, fails with ENXIO
                    throw new Failure("Failed to open file \"" + m + "\": No such device or address");
                }
                ex.writeInto(target, it.argument(), it.mods().plus());
                ex.setPerms(it, target, ex.view().node(target), Creation.EXISTING);
            });
        }
    },
    CREATE_DIRECTORY('d', Flags.OWNS | Flags.NO_ARG | Flags.DIR_MODE | Flags.PURGE) {
        @Override
        void create(Item it, LineActions ex) throws Failure {
            directory(it, ex);
        }
    },
    TRUNCATE_DIRECTORY('D', Flags.OWNS | Flags.NO_ARG | Flags.DIR_MODE | Flags.PURGE) {
        @Override
        void create(Item it, LineActions ex) throws Failure {
            directory(it, ex);
        }

        @Override
        void remove(Item it, LineActions ex) throws Failure {
            ex.eachMatch(it, m -> ex.removeContents(it, m));
        }
    },
    CREATE_SUBVOLUME('v', Flags.OWNS | Flags.NO_ARG | Flags.DIR_MODE | Flags.PURGE) {
        @Override
        void create(Item it, LineActions ex) throws Failure {
            directory(it, ex); // an image root is no btrfs subvolume, so systemd makes a plain directory too
        }
    },
    CREATE_SUBVOLUME_INHERIT_QUOTA('q', Flags.OWNS | Flags.NO_ARG | Flags.DIR_MODE | Flags.PURGE) {
        @Override
        void create(Item it, LineActions ex) throws Failure {
            directory(it, ex);
        }
    },
    CREATE_SUBVOLUME_NEW_QUOTA('Q', Flags.OWNS | Flags.NO_ARG | Flags.DIR_MODE | Flags.PURGE) {
        @Override
        void create(Item it, LineActions ex) throws Failure {
            directory(it, ex);
        }
    },
    EMPTY_DIRECTORY('e', Flags.GLOB | Flags.OWNS | Flags.NO_ARG | Flags.PURGE) {
        @Override
        void create(Item it, LineActions ex) throws Failure {
            ex.eachMatch(it, m -> {
                String target = ex.view().chaseSafe(m, true);
                Node st = target == null ? null : ex.view().node(target);
                if (st == null) {
                    return;
                }
                if (st.type() != FileType.DIR) {
                    ex.warn(m, "\"" + m + "\" already exists and is not a directory.");
                    return;
                }
                // e adjusts the directory it found, following a final symlink inside the root
                ex.setPerms(it, target, st, Creation.EXISTING);
            });
        }
    },
    CREATE_FIFO('p', Flags.OWNS | Flags.NO_ARG | Flags.PURGE) {
        @Override
        void create(Item it, LineActions ex) throws Failure {
            ex.mkdirParents(it, FileType.FIFO);
            String p = ex.view().finalPath(it);
            Node st = ex.view().node(p);
            Creation c = Creation.EXISTING;
            if (st == null) {
                ex.mkfifo(p, it.mode().value());
                c = Creation.NORMAL;
            } else if (st.type() != FileType.FIFO) {
                if (!it.mods().plus()) {
                    ex.warn(p, "\"" + p + "\" already exists and is not a FIFO.");
                    return;
                }
                ex.removeTree(p);
                ex.mkfifo(p, it.mode().value());
                c = Creation.FORCE;
            }
            ex.setPerms(it, p, ex.view().node(p), c);
        }
    },
    CREATE_SYMLINK('L', Flags.OWNS | Flags.PURGE | Flags.IF_EXISTS) {
        @Override
        boolean checkArgument(Line l) {
            return noBase64(l, "symlink targets.");
        }

        @Override
        boolean resolveArgument(Line l) {
            if (l.arg != null && !LineParser.unescapeAndExpand(l)) {
                return false;
            }
            if (l.argument == null) {
                l.argument = ("/usr/share/factory" + l.path).getBytes(StandardCharsets.UTF_8);
            }
            return true;
        }

        @Override
        void create(Item it, LineActions ex) throws Failure {
            ex.mkdirParents(it, FileType.LINK);
            String p = ex.view().finalPath(it);
            String target = it.argumentText();
            if (it.mods().ifTargetExists() && !ex.view().existsInRoot(target)) {
                ex.skipped(it, p, "symlink source path '" + target + "' does not exist in the target");
                return;
            }
            Node st = ex.view().node(p);
            Creation c;
            if (st == null) {
                ex.symlink(p, target);
                c = Creation.NORMAL;
            } else if (st.type() == FileType.LINK && target.equals(st.link())) {
                c = Creation.EXISTING;
            } else if (it.mods().plus()) {
                ex.removeTree(p);
                ex.symlink(p, target);
                c = Creation.FORCE;
            } else {
                ex.skipped(it, p, "is not a symlink or does not point to " + target + " (L+ would replace it)");
                return;
            }
            ex.setPerms(it, p, ex.view().node(p), c);
        }
    },
    CREATE_CHAR_DEVICE('c', Flags.OWNS | Flags.PURGE | Flags.ARG_REQUIRED) {
        @Override
        boolean checkArgument(Line l) {
            return deviceNumbers(l);
        }

        @Override
        void create(Item it, LineActions ex) throws Failure {
            device(it, ex, FileType.CHAR);
        }
    },
    CREATE_BLOCK_DEVICE('b', Flags.OWNS | Flags.PURGE | Flags.ARG_REQUIRED) {
        @Override
        boolean checkArgument(Line l) {
            return deviceNumbers(l);
        }

        @Override
        void create(Item it, LineActions ex) throws Failure {
            device(it, ex, FileType.BLOCK);
        }
    },
    COPY_FILES('C', Flags.OWNS | Flags.PURGE) {
        @Override
        boolean checkArgument(Line l) {
            return noBase64(l, "copy sources.");
        }

        @Override
        boolean resolveArgument(Line l) {
            if (l.arg != null && !LineParser.unescapeAndExpand(l)) {
                return false;
            }
            String src = l.argument == null ? "/usr/share/factory" + l.path
                    : new String(l.argument, StandardCharsets.UTF_8);
            if (!src.startsWith("/")) {
                return l.drop(Diagnostic.Kind.INVALID, "Source path '" + src + "' is not absolute.");
            }
            src = LineParser.simplify(src);
            TargetRoot root = l.ctx.root();
            try {
                if (root != null && root.stat(root.canonicalNoFollow(src)) == null) {
                    return l.skip(Diagnostic.Reason.MISSING_COPY_SOURCE, src, "C " + l.path + ": copy source path '"
                            + src + "' does not exist in the target, skipping line");
                }
            } catch (TargetPathException e) {
                return l.skip(Diagnostic.Reason.MISSING_COPY_SOURCE, src, "C " + l.path + ": copy source path '"
                        + src + "' cannot be resolved: " + e.getMessage());
            }
            l.argument = src.getBytes(StandardCharsets.UTF_8);
            return true;
        }

        @Override
        void create(Item it, LineActions ex) throws Failure {
            ex.mkdirParents(it, null);
            String p = ex.view().finalPath(it);
            String source = ex.view().sourceInRoot(it.argumentText());
            Failure copyError = null;
            try {
                ex.copyTree(source, p, it.uid().set() ? it.uid().id() : null, it.gid().set() ? it.gid().id() : null,
                        it.mods().plus() && ex.view().has(Feature.COPY_MERGE));
            } catch (Failure f) {
                copyError = f;
            }
            Node st = ex.view().node(p);
            if (st == null) {
                throw copyError != null ? copyError : new Failure("Failed to copy files to " + p);
            }
            Node src = ex.view().node(ex.view().followInRoot(source));
            if (src == null || src.type() != st.type()) {
                ex.skipped(it, p, "exists already as a " + st.type().mtreeName() + ", not what the source is");
                return;
            }
            ex.setPerms(it, p, st, Creation.UNKNOWN);
        }
    },
    SET_XATTR('t', Flags.GLOB | Flags.ARG_REQUIRED) {
        @Override
        boolean checkArgument(Line l) {
            return xattrArgument(l);
        }

        @Override
        boolean resolveArgument(Line l) {
            return LineParser.expandXattrs(l);
        }

        @Override
        void create(Item it, LineActions ex) throws Failure {
            ex.eachMatch(it, m -> ex.setXattrs(it, ex.view().chaseSafe(m, false)));
        }
    },
    RECURSIVE_SET_XATTR('T', Flags.GLOB | Flags.ARG_REQUIRED) {
        @Override
        boolean checkArgument(Line l) {
            return xattrArgument(l);
        }

        @Override
        boolean resolveArgument(Line l) {
            return LineParser.expandXattrs(l);
        }

        @Override
        void create(Item it, LineActions ex) throws Failure {
            ex.eachMatch(it, m -> {
                for (String p : ex.view().tree(ex.view().sourceInRoot(m))) {
                    ex.setXattrs(it, p);
                }
            });
        }
    },
    SET_ACL('a', Flags.GLOB | Flags.ARG_REQUIRED) {
        @Override
        boolean checkArgument(Line l) {
            return aclArgument(l);
        }

        @Override
        void create(Item it, LineActions ex) throws Failure {
            ex.eachMatch(it, m -> ex.setAcl(it, ex.view().chaseSafe(m, false)));
        }
    },
    RECURSIVE_SET_ACL('A', Flags.GLOB | Flags.ARG_REQUIRED) {
        @Override
        boolean checkArgument(Line l) {
            return aclArgument(l);
        }

        @Override
        void create(Item it, LineActions ex) throws Failure {
            ex.eachMatch(it, m -> {
                for (String p : ex.view().tree(ex.view().sourceInRoot(m))) {
                    ex.setAcl(it, p);
                }
            });
        }
    },
    SET_ATTRIBUTE('h', Flags.GLOB | Flags.ARG_REQUIRED) {
        @Override
        boolean checkArgument(Line l) {
            return attributeArgument(l);
        }

        @Override
        void create(Item it, LineActions ex) throws Failure {
            ex.eachMatch(it, m -> ex.setAttributes(it, ex.view().chaseSafe(m, false)));
        }
    },
    RECURSIVE_SET_ATTRIBUTE('H', Flags.GLOB | Flags.ARG_REQUIRED) {
        @Override
        boolean checkArgument(Line l) {
            return attributeArgument(l);
        }

        @Override
        void create(Item it, LineActions ex) throws Failure {
            ex.eachMatch(it, m -> {
                for (String p : ex.view().tree(ex.view().sourceInRoot(m))) {
                    ex.setAttributes(it, p);
                }
            });
        }
    },
    IGNORE_PATH('x', Flags.GLOB | Flags.OWNS | Flags.NO_ARG | Flags.IGNORE),
    IGNORE_DIRECTORY_PATH('X', Flags.GLOB | Flags.OWNS | Flags.NO_ARG | Flags.IGNORE),
    REMOVE_PATH('r', Flags.GLOB | Flags.OWNS | Flags.NO_ARG) {
        @Override
        void remove(Item it, LineActions ex) throws Failure {
            ex.eachMatch(it, m -> ex.removeIfEmpty(it, m));
        }
    },
    RECURSIVE_REMOVE_PATH('R', Flags.GLOB | Flags.OWNS | Flags.NO_ARG) {
        @Override
        void remove(Item it, LineActions ex) throws Failure {
            ex.eachMatch(it, m -> ex.removeRecursively(it, m));
        }
    },
    RELABEL_PATH('z', Flags.GLOB | Flags.NO_ARG) {
        @Override
        void create(Item it, LineActions ex) throws Failure {
            adjust(it, ex, false);
        }
    },
    RECURSIVE_RELABEL_PATH('Z', Flags.GLOB | Flags.NO_ARG) {
        @Override
        void create(Item it, LineActions ex) throws Failure {
            adjust(it, ex, true);
        }
    },
    /** Legacy spelling of z. */
    ADJUST_MODE('m', Flags.GLOB | Flags.NO_ARG) {
        @Override
        void create(Item it, LineActions ex) throws Failure {
            adjust(it, ex, false);
        }
    };

    /** Bits of the type table. */
    static final class Flags {
        static final int GLOB = 1;
        static final int OWNS = 2;
        static final int NO_ARG = 4;
        static final int ARG_BYTES = 8;
        static final int DIR_MODE = 16;
        static final int PURGE = 32;
        static final int ARG_REQUIRED = 64;
        static final int IF_EXISTS = 128;
        static final int IGNORE = 256;

        private Flags() {
        }
    }

    private final char letter;
    private final int flags;

    LineType(char letter, int flags) {
        this.letter = letter;
        this.flags = flags;
    }

    public char letter() {
        return letter;
    }

    /** Glob types are expanded when they run and are bucketed apart from the others (§8.1). */
    public boolean isGlob() {
        return (flags & Flags.GLOB) != 0;
    }

    /** systemd's takes_ownership(): these lines conflict unless identical (§7.1) and sort first on a path. */
    public boolean takesOwnership() {
        return (flags & Flags.OWNS) != 0;
    }

    /** Types that ignore an argument, with a warning. */
    boolean ignoresArgument() {
        return (flags & Flags.NO_ARG) != 0;
    }

    /** Types whose argument is file content: C-unescaped (or base64) into bytes. */
    boolean argumentIsContent() {
        return (flags & Flags.ARG_BYTES) != 0;
    }

    boolean argumentRequired() {
        return (flags & Flags.ARG_REQUIRED) != 0;
    }

    boolean purgeable() {
        return (flags & Flags.PURGE) != 0;
    }

    /** Whether the {@code ?} modifier (only if the symlink's target exists) may be used. */
    boolean allowsIfTargetExists() {
        return (flags & Flags.IF_EXISTS) != 0;
    }

    /** x and X: paths that --clean and --remove leave alone. */
    boolean isIgnore() {
        return (flags & Flags.IGNORE) != 0;
    }

    /** Whether two such lines on one path append to each other rather than conflict ({@code w+}). */
    boolean appends(Modifiers mods) {
        return false;
    }

    /** The type a line of this type with these modifiers really is. */
    LineType refine(Modifiers mods) {
        return this;
    }

    /**
     * Checks the argument field before the prefix filter, in systemd's order; false drops the line (the hook
     * has said why). By default an argument is accepted, or ignored with a warning by types that take none.
     */
    boolean checkArgument(Line l) {
        if (ignoresArgument() && l.arg != null) {
            l.warn(letter + " lines don't take argument fields, ignoring.");
            l.arg = null;
        }
        return true;
    }

    /**
     * Turns the argument field into the item's argument, for lines inside the prefixes: specifiers, escapes,
     * defaults. By default content is unescaped and expanded (unless base64), anything else kept as written.
     */
    boolean resolveArgument(Line l) {
        if (l.arg == null) {
            return true;
        }
        if (!l.mods.base64() && argumentIsContent()) {
            return LineParser.unescapeAndExpand(l);
        }
        l.argument = l.arg.getBytes(StandardCharsets.UTF_8);
        return true;
    }

    /** The mode a "-" mode field stands for when the node is created. */
    int defaultMode() {
        return (flags & Flags.DIR_MODE) != 0 ? 0755 : 0644;
    }

    /** Implicit parent directories are created for exactly the non-glob types. */
    boolean createsParents() {
        return !isGlob();
    }

    /** What the line does under --create. */
    void create(Item it, LineActions ex) throws Failure {
        // x, X, r, R: only --clean and --remove use them
    }

    /** What the line does under --remove. */
    void remove(Item it, LineActions ex) throws Failure {
        // only r, R and D remove anything
    }

    /** The type for a letter; F and m are spellings of their own. */
    public static LineType of(char c) {
        for (LineType t : values()) {
            if (t.letter == c) {
                return t;
            }
        }
        return null;
    }

    private static boolean noBase64(Line l, String what) {
        return !l.mods.base64() || l.drop(Diagnostic.Kind.INVALID, "base64 decoding not supported for " + what);
    }

    private static boolean deviceNumbers(Line l) {
        if (!noBase64(l, "device node creation.")) {
            return false;
        }
        if (l.arg == null) {
            return l.drop(Diagnostic.Kind.INVALID, "Device file requires argument.");
        }
        long[] mm = LineParser.parseDevnum(l.arg);
        if (mm == null) {
            return l.drop(Diagnostic.Kind.INVALID, "Can't parse device file major/minor '" + l.arg + "'.");
        }
        l.major = mm[0];
        l.minor = mm[1];
        return true;
    }

    private static boolean xattrArgument(Line l) {
        if (!noBase64(l, "extended attributes.")) {
            return false;
        }
        if (l.arg == null) {
            return l.drop(Diagnostic.Kind.INVALID, "Set extended attribute requires argument.");
        }
        l.xattrs = LineParser.parseXattrs(l);
        return true;
    }

    private static boolean aclArgument(Line l) {
        if (!noBase64(l, "ACLs.")) {
            return false;
        }
        if (l.arg == null) {
            return l.drop(Diagnostic.Kind.INVALID, "Set ACLs requires argument.");
        }
        if (Acl.parse(l.arg, l.ctx.users(), Feature.ACL_CONDITIONAL_EXECUTE.in(l.version())) == null) {
            l.warn("Failed to parse ACL \"" + l.arg + "\", ignoring: Invalid argument");
        }
        return true;
    }

    private static boolean attributeArgument(Line l) {
        if (!noBase64(l, "file attributes.")) {
            return false;
        }
        if (l.arg == null) {
            return l.drop(Diagnostic.Kind.INVALID, "Set file attribute requires argument.");
        }
        String bad = LineParser.checkAttributes(l.arg);
        if (bad != null) {
            return l.drop(Diagnostic.Kind.INVALID, bad + " on '" + l.path + "'.");
        }
        l.attributes = l.arg;
        return true;
    }

    private static void directory(Item it, LineActions ex) throws Failure {
        ex.mkdirParents(it, FileType.DIR);
        String p;
        try {
            p = ex.view().finalPath(it);
        } catch (Failure.ParentNotDirectory e) {
            // mkdirat() and the O_DIRECTORY open both fail with ENOTDIR, which systemd reads as "exists"
            ex.warn(it.path(), "\"" + it.path() + "\" already exists and is not a directory.");
            return;
        }
        Node st = ex.view().node(p);
        if (st == null) {
            ex.mkdir(p, it.mode().value());
            ex.setPerms(it, p, ex.view().node(p), Creation.NORMAL);
        } else if (st.type() != FileType.DIR) {
            // systemd logs this as an error but keeps exit code 0
            ex.warn(p, "\"" + p + "\" already exists and is not a directory.");
        } else {
            ex.setPerms(it, p, st, Creation.EXISTING);
        }
    }

    private static void device(Item it, LineActions ex, FileType type) throws Failure {
        ex.mkdirParents(it, type);
        String p = ex.view().finalPath(it);
        Node st = ex.view().node(p);
        Creation c = Creation.EXISTING;
        if (st == null) {
            ex.mknod(p, type, it.mode().value(), it.major(), it.minor());
            c = Creation.NORMAL;
        } else if (st.type() != type) {
            if (!it.mods().plus()) {
                ex.warn(p, "\"" + p + "\" already exists and is not a device node.");
                return;
            }
            ex.removeTree(p);
            ex.mknod(p, type, it.mode().value(), it.major(), it.minor());
            c = Creation.FORCE;
        }
        ex.setPerms(it, p, ex.view().node(p), c);
    }

    private static void adjust(Item it, LineActions ex, boolean recursive) throws Failure {
        ex.eachMatch(it, m -> {
            // z opens its match with CHASE_SAFE; Z opens it plainly and walks below it
            String p = recursive ? ex.view().sourceInRoot(m) : ex.view().chaseSafe(m, false);
            if (p == null) {
                return;
            }
            for (String n : recursive ? ex.view().tree(p) : java.util.List.of(p)) {
                Node st = ex.view().node(n);
                if (st != null) {
                    ex.setPerms(it, n, st, Creation.EXISTING);
                }
            }
        });
    }

    static String name(String path) {
        return TargetPaths.name(path);
    }
}
