package dev.rootfs.stage;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.MtreeFormat;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.report.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * An mtree spec (the format of our metadata; libarchive's and BSD mtree's keywords) applied to the root: it
 * creates the directories, symlinks, fifos and device nodes it lists and sets the modes, owners and xattrs it
 * gives on what exists, so a tree kept in git (no owners, no empty directories) gets them. Owners by name are
 * looked up in the target's passwd and group. A {@code type=file} entry must name a file an earlier layer made.
 *
 * @param spec the mtree file on the build host
 */
public record MtreeLayer(Path spec) implements Layer {
    @Override
    public List<Path> sources() {
        return List.of(spec);
    }


    @Override
    public String describe() {
        return "mtree " + spec;
    }

    @Override
    public void apply(Staging s) throws StageFailure, IOException {
        String text;
        try {
            text = HostInput.readText(spec);
        } catch (IOException e) {
            throw new StageFailure(describe(), "cannot read: " + e.getMessage());
        }
        MtreeFormat.Parsed parsed = MtreeFormat.parse(text, spec.toString());
        for (Problem p : parsed.problems()) {
            if (p.isError()) {
                throw new StageFailure(p.where(), p.message());
            }
        }
        for (MetaEntry e : parsed.metadata().entries()) {
            String where = describe() + ": " + e.path();
            try {
                apply(s, where, e);
            } catch (TargetPathException ex) {
                throw new StageFailure(where, ex.getMessage());
            }
        }
    }

    private void apply(Staging s, String where, MetaEntry e) throws StageFailure, TargetPathException {
        String path = s.root().canonicalNoFollow(e.path());
        Long uid = id(s, where, e.uid(), e.uname(), true);
        Long gid = id(s, where, e.gid(), e.gname(), false);
        MetaEntry cur = s.current(path);
        FileType type = e.type() != null ? e.type() : cur != null ? cur.type() : null;
        if (type == null) {
            throw new StageFailure(where, "no type= and nothing at this path yet");
        }
        boolean create = cur == null || cur.type() != type
                || type == FileType.LINK && !e.link().equals(cur.link())
                || type.isDevice() && (!e.devMajor().equals(cur.devMajor()) || !e.devMinor().equals(cur.devMinor()));
        if (create) {
            if (type == FileType.FILE) {
                throw new StageFailure(where, "type=file names a file no earlier layer made (an mtree layer "
                        + "gives files their owners and modes; their content comes from a tree, file or archive)");
            }
            s.place(where, path, type);
            int mode = e.mode() != null ? e.mode() : type == FileType.DIR ? 0755 : type == FileType.LINK ? 0777 : 0644;
            switch (type) {
                case DIR -> s.mkdir(path, mode, null);
                case LINK -> s.root().symlink(path, e.link());
                case FIFO -> s.root().mkfifo(path, mode);
                case CHAR, BLOCK -> {
                    if (s.applyOwnership()) {
                        s.root().mknod(path, type, mode, e.devMajor(), e.devMinor());
                    }
                }
                default -> {
                }
            }
            s.record(path, type, mode, uid == null ? 0 : uid, gid == null ? 0 : gid, e.link(),
                    e.devMajor() == null ? 0 : e.devMajor(), e.devMinor() == null ? 0 : e.devMinor(), e.xattrs());
            return;
        }
        s.update(path, e.mode(), uid, gid);
        if (!e.xattrs().isEmpty()) {
            MetaEntry now = s.current(path);
            s.record(path, now.type(), now.mode(), now.uid(), now.gid(), now.link(),
                    now.devMajor() == null ? 0 : now.devMajor(), now.devMinor() == null ? 0 : now.devMinor(),
                    e.xattrs());
        }
    }

    private static Long id(Staging s, String where, Long id, String name, boolean user) throws StageFailure {
        if (id != null) {
            return id;
        }
        if (name == null) {
            return null;
        }
        OptionalLong v = user ? s.users().uid(name) : s.users().gid(name);
        if (v.isEmpty()) {
            throw new StageFailure(where, (user ? "user '" : "group '") + name + "' is not in the target's "
                    + (user ? "/etc/passwd" : "/etc/group"));
        }
        return v.getAsLong();
    }
}
