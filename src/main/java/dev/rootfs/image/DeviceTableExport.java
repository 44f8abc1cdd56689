package dev.rootfs.image;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.report.Problem;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A device table for Buildroot's {@code makedevs} ({@code BR2_ROOTFS_DEVICE_TABLE}, or
 * {@code makedevs -d TABLE ROOT} under fakeroot): one line per node,
 * {@code <name> <type> <mode> <uid> <gid> <major> <minor> <start> <inc> <count>}, types {@code d f c b p}.
 * makedevs sets owner and mode of existing directories and files and creates device nodes and fifos.
 * It has no line type for symlinks (their owner stays the one tar or the image tool gives) nor sockets,
 * and reads names with {@code %s}, so names with blanks cannot be listed: those are reported.
 */
final class DeviceTableExport implements MetadataExport {
    private final Writer out;

    DeviceTableExport(Writer out) throws IOException {
        this.out = out;
        out.write("# <name>\t<type>\t<mode>\t<uid>\t<gid>\t<major>\t<minor>\t<start>\t<inc>\t<count>\n");
    }

    @Override
    public void accept(MetaEntry e, FileInfo disk, List<Problem> problems) throws IOException {
        String type = switch (e.type()) {
            case DIR -> "d";
            case FILE -> "f";
            case CHAR -> "c";
            case BLOCK -> "b";
            case FIFO -> "p";
            default -> null;
        };
        if (type == null) {
            return; // symlinks and sockets: makedevs has no line type for them
        }
        if (e.path().chars().anyMatch(c -> c <= ' ')) {
            problems.add(Problem.warning(e.path(), "device table: makedevs cannot read names with blanks; "
                    + "entry left out"));
            return;
        }
        StringBuilder sb = new StringBuilder(64).append(e.path()).append('\t').append(type).append('\t')
                .append(Integer.toOctalString(e.mode() == null ? 0 : e.mode() & 07777)).append('\t')
                .append(e.uid() == null ? 0 : e.uid()).append('\t').append(e.gid() == null ? 0 : e.gid());
        if (e.type().isDevice()) {
            sb.append('\t').append(e.devMajor() == null ? 0 : e.devMajor()).append('\t')
                    .append(e.devMinor() == null ? 0 : e.devMinor()).append("\t-\t-\t-");
        } else {
            sb.append("\t-\t-\t-\t-\t-");
        }
        out.write(sb.append('\n').toString());
    }
}
