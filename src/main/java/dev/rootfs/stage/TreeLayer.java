package dev.rootfs.stage;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * A directory of the build host (such as {@code src/rootfs}) copied into the root with its symlinks, modes and
 * hard links. Its nodes belong to 0:0 (the build user's owner means nothing in the target); directories that an
 * earlier layer made keep their mode and owner. Symlinks in the root on the way to a node are followed inside
 * the root, so a tree's {@code bin/x} lands in {@code usr/bin} of a merged-/usr base.
 *
 * @param dir    the host directory
 * @param prefix target directory the tree goes under
 */
public record TreeLayer(Path dir, String prefix) implements Layer {
    @Override
    public List<Path> sources() {
        return List.of(dir);
    }


    public TreeLayer {
        prefix = TargetPaths.normalize(prefix == null || prefix.isEmpty() ? "/" : prefix);
    }

    @Override
    public String describe() {
        return "tree " + dir;
    }

    @Override
    public void apply(Staging s) throws StageFailure, IOException {
        if (!Files.isDirectory(dir)) {
            throw new StageFailure(describe(), "no such directory");
        }
        Map<Object, String> inodes = new HashMap<>();
        HostInput.walk(dir, node -> {
            String where = describe() + ": " + (node.relative().isEmpty() ? "." : node.relative());
            try {
                String path = s.root().canonicalNoFollow(TargetPaths.normalize(prefix + "/" + node.relative()));
                if (node.type() == FileType.DIR) {
                    var followed = s.root().statFollow(path);
                    if (followed != null && followed.type() == FileType.DIR) {
                        path = s.root().canonical(path); // a symlink to a directory: the tree goes into it
                    }
                    if (s.place(where, path, FileType.DIR) == null) {
                        s.mkdir(path, node.mode(), node.mtime().to(java.util.concurrent.TimeUnit.SECONDS));
                    }
                    return;
                }
                s.place(where, path, node.type());
                switch (node.type()) {
                    case FILE -> {
                        String first = node.nlink() > 1 ? inodes.putIfAbsent(node.inode(), path) : null;
                        if (first != null) {
                            s.root().hardlink(path, first);
                        } else {
                            try (InputStream in = HostInput.open(node.host())) {
                                s.root().createFile(path, node.mode() & 0777 | 0600, in, s.buffer());
                            }
                            s.root().chmod(path, node.mode());
                            s.setTime(path, node.mtime().to(java.util.concurrent.TimeUnit.SECONDS));
                        }
                    }
                    case LINK -> s.root().symlink(path, node.link());
                    case FIFO -> s.root().mkfifo(path, node.mode());
                    default -> throw new StageFailure(where, "a " + node.type().mtreeName() + " cannot be copied "
                            + "from a tree; describe it in an mtree layer");
                }
                s.record(path, node.type(), node.mode(), 0, 0, node.link(), 0, 0, null);
            } catch (TargetPathException e) {
                throw new StageFailure(where, e.getMessage());
            }
        });
    }
}
