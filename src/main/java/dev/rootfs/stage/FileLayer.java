package dev.rootfs.stage;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One file of the build host (the project's jar, a dependency) copied to a target path, owned by 0:0.
 *
 * @param file   the host file
 * @param target the target path it becomes
 * @param mode   its mode, or null for 0644
 */
public record FileLayer(Path file, String target, Integer mode) implements Layer {
    @Override
    public List<Path> sources() {
        return List.of(file);
    }


    @Override
    public String describe() {
        return "file " + file;
    }

    @Override
    public void apply(Staging s) throws StageFailure, IOException {
        if (!Files.isRegularFile(file)) {
            throw new StageFailure(describe(), "no such regular file");
        }
        if (target == null || target.isBlank()) {
            throw new StageFailure(describe(), "no target path given");
        }
        int m = mode == null ? 0644 : mode;
        try {
            String path = s.root().canonicalNoFollow(TargetPaths.normalize(target));
            s.place(describe(), path, FileType.FILE);
            try (InputStream in = HostInput.open(file)) {
                s.root().createFile(path, m & 0777 | 0600, in, s.buffer());
            }
            s.root().chmod(path, m);
            s.record(path, FileType.FILE, m, 0, 0, null, 0, 0, null);
        } catch (TargetPathException e) {
            throw new StageFailure(describe(), e.getMessage());
        }
    }
}
