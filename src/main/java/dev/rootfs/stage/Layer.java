package dev.rootfs.stage;

import java.io.IOException;

/**
 * One step of building the root; layers run in order and later ones win over earlier ones. Each kind (archive,
 * tree, file, mtree, permissions) is one small class.
 */
public interface Layer {

    /** How messages name this layer, e.g. "archive base.tar.gz" or "tree src/rootfs". */
    String describe();

    /** Adds this layer to the root being staged. */
    void apply(Staging staging) throws StageFailure, IOException;
}
