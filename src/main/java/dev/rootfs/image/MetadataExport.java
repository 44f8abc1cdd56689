package dev.rootfs.image;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.report.Problem;
import java.io.IOException;
import java.util.List;

/** A text export of the canonical listing for an image tool; fed every entry in path order. */
interface MetadataExport {
    /**
     * @param entry    the canonical entry (metadata over disk)
     * @param disk     what the disk holds there, or null for a device recorded only in the metadata
     * @param problems where to note entries the format cannot express
     */
    void accept(MetaEntry entry, FileInfo disk, List<Problem> problems) throws IOException;

    /** Writes anything that goes after the entries. */
    default void finish() throws IOException {
    }

    /** A node the image tool must create itself, since only the metadata holds it. */
    static boolean notOnDisk(MetaEntry entry, FileInfo disk) {
        return disk == null || entry.type() != disk.type();
    }
}
