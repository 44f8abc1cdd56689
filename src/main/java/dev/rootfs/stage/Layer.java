package dev.rootfs.stage;

import java.nio.file.Path;
import java.util.List;

import java.io.IOException;

/**
 * One step of building the root; layers run in order and later ones win over earlier ones. Each kind (archive,
 * tree, file, mtree, permissions) is one small class.
 */
public interface Layer {

    /** How messages name this layer, e.g. "archive base.tar.gz" or "tree src/rootfs". */
    String describe();

    /** The files and folders of the build this layer reads, so a rebuild sees when one of them changed. */
    default List<Path> sources() {
        return List.of();
    }

    /** Adds this layer to the root being staged. */
    void apply(Staging staging) throws StageFailure, IOException;
}
