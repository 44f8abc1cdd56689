package dev.rootfs.image;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.MtreeFormat;
import dev.rootfs.report.Problem;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The canonical listing as mtree, the form libarchive reads: {@code cd ROOT && bsdtar -cf x.tar @LISTING}
 * builds an archive with these owners from an unprivileged tree, and {@code mtree -f} compares a tree with it.
 */
final class MtreeListingExport implements MetadataExport {
    private final Writer out;

    MtreeListingExport(Writer out) throws IOException {
        this.out = out;
        out.write(MtreeFormat.HEADER);
        out.write('\n');
    }

    @Override
    public void accept(MetaEntry e, FileInfo disk, List<Problem> problems) throws IOException {
        out.write(MtreeFormat.format(e));
        out.write('\n');
    }
}
