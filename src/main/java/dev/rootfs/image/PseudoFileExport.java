package dev.rootfs.image;

import dev.rootfs.fs.FileInfo;
import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.report.Problem;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A pseudo file for {@code mksquashfs ROOT IMAGE -pf FILE} (squashfs-tools 4.5 and later): an {@code m}
 * (modify) line setting mode and owner of every node the root holds, and a create line ({@code c}, {@code b},
 * {@code i}) for device nodes and sockets that only the metadata records (an unprivileged build cannot
 * create them). mksquashfs cannot modify the root through a pseudo line; its
 * owner and mode are written as a comment with the {@code -root-mode}/{@code -root-uid}/{@code -root-gid}
 * options that set them. Xattrs have no pseudo line before squashfs-tools 4.6; tar carries them.
 */
final class PseudoFileExport implements MetadataExport {
    private final Writer out;

    PseudoFileExport(Writer out) throws IOException {
        this.out = out;
        out.write("# mksquashfs pseudo file: mksquashfs ROOT IMAGE -pf THIS_FILE\n");
    }

    @Override
    public void accept(MetaEntry e, FileInfo disk, List<Problem> problems) throws IOException {
        String mode = Integer.toOctalString(e.mode() == null ? 0 : e.mode() & 07777);
        String owner = (e.uid() == null ? 0 : e.uid()) + " " + (e.gid() == null ? 0 : e.gid());
        if (e.path().equals("/")) {
            out.write("# root: -root-mode " + mode + " -root-uid " + (e.uid() == null ? 0 : e.uid())
                    + " -root-gid " + (e.gid() == null ? 0 : e.gid()) + "\n");
            return;
        }
        String name = escape(e.path().substring(1));
        if (!MetadataExport.notOnDisk(e, disk)) {
            out.write(name + " m " + mode + " " + owner + "\n");
            return;
        }
        switch (e.type()) {
            case CHAR, BLOCK -> out.write(name + (e.type() == FileType.CHAR ? " c " : " b ") + mode + " " + owner
                    + " " + (e.devMajor() == null ? 0 : e.devMajor()) + " "
                    + (e.devMinor() == null ? 0 : e.devMinor()) + "\n");
            case FIFO -> out.write(name + " i " + mode + " " + owner + " f\n");
            case SOCKET -> out.write(name + " i " + mode + " " + owner + " s\n");
            default -> problems.add(Problem.warning(e.path(), "pseudo file: cannot express a "
                    + e.type().mtreeName() + " that is not on disk"));
        }
    }

    /** mksquashfs reads names with backslash escapes for blanks, quotes and backslashes. */
    static String escape(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ' ' || c == '\t' || c == '"' || c == '\\' || c == '\n') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
