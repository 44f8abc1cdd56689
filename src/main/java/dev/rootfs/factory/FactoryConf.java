package dev.rootfs.factory;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.report.Problem;
import dev.rootfs.tmpfiles.TmpfilesQuoting;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The tmpfiles.d conf that recreates {@code /var} from the factory at boot.
 *
 * <p>Its first line copies the whole factory: {@code C+ /var} (systemd 254+) merges it into whatever early
 * writers (journald, random-seed, the catalog) already put there and never overwrites a file; {@code C /var}
 * (older systemd) copies only into an empty {@code /var}, so below it every node also gets its own line
 * ({@code d}, {@code C}, {@code L}, {@code p}) that creates it when missing. Device nodes always get a line,
 * since an unprivileged build records them only in the metadata. A {@code z} line per directory then sets the
 * built mode and owner even when the directory existed before, or another conf that sorts first declared it
 * (z lines are never rejected as duplicates). No line replaces or removes anything ({@code +} is never used on
 * L/p/c/b), so a persistent {@code /var} keeps its user data. Owners are numeric, as in the image.
 */
final class FactoryConf {
    /** systemd 254 added C+ (merge into an existing tree). */
    static final int MERGE_COPY = 254;
    /** Types whose path is a glob pattern. */
    private static final java.util.Set<String> GLOB_TYPES = java.util.Set.of("z");

    private final StringBuilder text = new StringBuilder();
    private final SortedMap<String, Integer> linesByType = new TreeMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final ForeignLines foreign;
    private int deduped;

    private FactoryConf(ForeignLines foreign) {
        this.foreign = foreign;
    }

    /**
     * @param entries the canonical entries of the factory tree, in path order, starting with {@code factory}
     * @param factory the factory directory, e.g. /usr/share/factory/var
     */
    static FactoryConf build(List<MetaEntry> entries, String factory, int systemdVersion, String header,
            ForeignLines foreign) {
        FactoryConf c = new FactoryConf(foreign);
        c.text.append(header);
        boolean merge = systemdVersion >= MERGE_COPY;
        c.add(merge ? "C+" : "C", "/var", null, null, null, null, systemdVersion);
        java.util.Map<String, Long> dirOwners = new java.util.HashMap<>();
        java.util.Set<String> unsafe = new java.util.HashSet<>();
        for (MetaEntry e : entries) {
            String v = TargetPaths.rebase(e.path(), factory, VarMover.VAR);
            c.checkTransition(v, e, dirOwners, unsafe);
            if (!merge && v.startsWith("/var/run/")) {
                // tmpfiles rewrites such paths to /run/...; only the initial copy can recreate them
                c.problems.add(Problem.warning(v, "below /var/run, which tmpfiles redirects to /run: recreated only"
                        + " when /var is empty at boot"));
                continue;
            }
            try {
                c.entry(e, v, merge, systemdVersion);
            } catch (IllegalArgumentException ex) {
                c.problems.add(Problem.error(v, ex.getMessage()));
            }
        }
        return c;
    }

    /**
     * systemd-tmpfiles refuses to create anything below a directory owned by someone else than its non-root
     * parent's owner ("unsafe path transition"), so lines below such a directory fail when they are needed,
     * that is when early writers kept the initial copy from running. Reported once per such directory.
     */
    private void checkTransition(String v, MetaEntry e, java.util.Map<String, Long> dirOwners,
            java.util.Set<String> unsafe) {
        String parent = TargetPaths.parent(v);
        Long parentUid = dirOwners.get(parent);
        if (e.type() == FileType.DIR) {
            dirOwners.put(v, e.uid());
            if (parentUid != null && parentUid != 0 && !parentUid.equals(e.uid())) {
                unsafe.add(v);
                problems.add(Problem.warning(v, "owned by " + e.uid() + " inside " + parent + " owned by "
                        + parentUid + ": systemd-tmpfiles refuses to create below it (unsafe path transition), so"
                        + " what it holds is recreated only when /var is empty at boot"));
            } else if (unsafe.contains(parent)) {
                unsafe.add(v);
            }
        }
    }

    private void entry(MetaEntry e, String v, boolean merge, int version) {
        switch (e.type()) {
            case DIR -> {
                if (!merge && !v.equals(VarMover.VAR)) {
                    add("d", v, e.mode(), e.uid(), e.gid(), null, version);
                }
                add("z", v, e.mode(), e.uid(), e.gid(), null, version);
            }
            case FILE -> {
                if (!merge) {
                    add("C", v, e.mode(), e.uid(), e.gid(), null, version);
                }
            }
            case LINK -> {
                if (!merge) {
                    add("L", v, null, e.uid(), e.gid(), e.link(), version);
                }
            }
            case FIFO -> {
                if (!merge) {
                    add("p", v, e.mode(), e.uid(), e.gid(), null, version);
                }
            }
            case CHAR, BLOCK -> add(e.type() == FileType.CHAR ? "c" : "b", v, e.mode(), e.uid(), e.gid(),
                    e.devMajor() + ":" + e.devMinor(), version);
            case SOCKET -> problems.add(Problem.warning(v, "sockets are made by the programs that listen on them;"
                    + " no line is written"));
        }
        // neither C nor C+ carries ACLs (nor other xattrs) at boot: an a line sets the recorded ones, unless
        // another conf of the target declares this path's ACLs itself (systemd.conf does for /var/log/journal)
        String acl = dev.rootfs.tmpfiles.AclText.of(e.xattrs());
        if (acl != null) {
            if (foreign.declaresAcl(v)) {
                deduped++;
            } else {
                add("a", v, null, null, null, acl, version);
            }
        }
        if (e.xattrs().keySet().stream().anyMatch(k -> !dev.rootfs.tmpfiles.AclText.isAcl(k))) {
            problems.add(Problem.warning(v, "extended attributes other than ACLs are copied only by the initial "
                    + "copy of /var"));
        }
    }

    private void add(String type, String path, Integer mode, Long uid, Long gid, String arg, int version) {
        if (!type.equals("z") && !type.equals("a") && !(type.startsWith("C") && path.equals(VarMover.VAR)) && skip(type, path, mode, uid,
                gid, arg)) {
            return;
        }
        StringBuilder l = new StringBuilder(64).append(type).append(' ')
                .append(GLOB_TYPES.contains(type) ? TmpfilesQuoting.globField(path, version)
                        : TmpfilesQuoting.field(path, version)).append(' ')
                .append(mode == null ? "-" : dev.rootfs.fs.MtreeFormat.octal(mode)).append(' ')
                .append(uid == null ? "-" : uid.toString()).append(' ')
                .append(gid == null ? "-" : gid.toString()).append(" -");
        if (arg != null) {
            l.append(' ').append(TmpfilesQuoting.argument(arg));
        }
        text.append(l).append('\n');
        linesByType.merge(type, 1, Integer::sum);
    }

    /**
     * True when another conf of the target creates this line's node identically; reports another conf that
     * declares the path differently.
     */
    private boolean skip(String type, String path, Integer mode, Long uid, Long gid, String arg) {
        List<dev.rootfs.tmpfiles.Item> theirs = foreign.at(path);
        if (theirs.isEmpty()) {
            return false;
        }
        Long major = null;
        Long minor = null;
        if (arg != null && (type.equals("c") || type.equals("b"))) {
            major = Long.parseLong(arg.substring(0, arg.indexOf(':')));
            minor = Long.parseLong(arg.substring(arg.indexOf(':') + 1));
        }
        for (dev.rootfs.tmpfiles.Item i : theirs) {
            if (ForeignLines.identical(i, type.charAt(0), mode, uid, gid, major == null ? arg : null, major, minor)) {
                deduped++;
                return true;
            }
        }
        problems.add(Problem.warning(path, "overlap: " + theirs.get(0).where() + " declares '" + theirs.get(0).letter()
                + "' for this path, unlike the factory's '" + type + "'; the conf that sorts first wins at boot"));
        return false;
    }

    /** Lines left out because another conf of the target creates the same node identically. */
    int deduped() {
        return deduped;
    }

    String text() {
        return text.toString();
    }

    SortedMap<String, Integer> linesByType() {
        return linesByType;
    }

    List<Problem> problems() {
        return problems;
    }
}
