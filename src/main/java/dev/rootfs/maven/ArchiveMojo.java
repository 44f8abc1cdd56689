package dev.rootfs.maven;

import dev.rootfs.image.ArchiveFormat;
import dev.rootfs.image.ArchiveService;
import dev.rootfs.image.Compression;
import dev.rootfs.image.OutputTimestamp;
import dev.rootfs.goal.GoalFrame;
import dev.rootfs.report.Log;
import dev.rootfs.report.ProblemsException;
import java.io.File;
import java.io.IOException;
import java.util.OptionalLong;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Writes a reproducible archive of the target root: a POSIX (pax) tar, or a newc cpio, with the owners, modes,
 * device nodes, symlinks, hard links and xattrs the metadata records, entries sorted by path, mtimes clamped
 * to {@code project.build.outputTimestamp} (else {@code SOURCE_DATE_EPOCH}), so two builds give the same bytes.
 * The archive is attached to the project with {@code classifier}. Optionally also writes the metadata as a
 * mksquashfs pseudo file, a Buildroot makedevs device table and an mtree listing.
 */
@Mojo(name = "archive", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true, requiresProject = false)
public class ArchiveMojo extends AbstractRootfsMojo {

    /**
     * The archive to write; must lie outside the root. Give it the suffix that matches format and compression.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.archive", defaultValue = "${project.build.directory}/rootfs.tar")
    private File archive;

    /**
     * {@code tar} (POSIX pax) or {@code cpio} (newc, as an initramfs).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.archiveFormat", defaultValue = "tar")
    private String archiveFormat;

    /**
     * {@code none}, {@code gzip}, {@code xz} or {@code zstd}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.compression", defaultValue = "none")
    private String compression;

    /**
     * Classifier of the attached artifact.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.classifier", defaultValue = "rootfs")
    private String classifier;

    /**
     * Attaches the archive to the project, so install and deploy publish it.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.attach", defaultValue = "true")
    private boolean attach;

    /**
     * Stores only numeric owner ids, no user and group names. Keep it on for images: GNU tar extracting as root
     * and sqfstar look names up in the build host's user database, not the target's.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.numericOwner", defaultValue = "true")
    private boolean numericOwner;

    /**
     * Later mtimes are clamped to this instant: ISO-8601 or epoch seconds, as maven-archiver reads it. When
     * unset, {@code SOURCE_DATE_EPOCH} is used; when neither is set, mtimes stay as on disk.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.outputTimestamp", defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    /**
     * Writes a mksquashfs pseudo file here.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.pseudoFile")
    private File pseudoFile;

    /**
     * Writes a Buildroot makedevs device table here.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.deviceTable")
    private File deviceTable;

    /**
     * Writes the canonical listing (mtree) here.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.mtreeListing")
    private File mtreeListing;

    /**
     * Skips only this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.archive.skip", defaultValue = "false")
    private boolean skipArchive;

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    private final MavenProjectHelper projectHelper;

    @Inject
    public ArchiveMojo(MavenProjectHelper projectHelper) {
        this.projectHelper = projectHelper;
    }

    @Override
    protected boolean skipGoal() {
        return skipArchive;
    }

    @Override
    protected void run(Log log) throws ProblemsException, IOException {
        ArchiveFormat format = ArchiveFormat.parse(archiveFormat);
        Compression comp = Compression.parse(compression);
        OptionalLong mtime = OutputTimestamp.resolve(outputTimestamp, System.getenv("SOURCE_DATE_EPOCH"));
        // an up-to-date archive is not rewritten (no result), but still attached
        GoalFrame.run(context(log), new ArchiveService(ArchiveService.Options
                .builder(archive.toPath()).format(format).compression(comp)
                .mtime(mtime.isPresent() ? mtime.getAsLong() : null).pseudoFile(path(pseudoFile))
                .deviceTable(path(deviceTable)).mtreeListing(path(mtreeListing)).numericOwner(numericOwner).build()));
        if (attach && project != null && project.getFile() != null) {
            projectHelper.attachArtifact(project, format.extension() + comp.suffix(),
                    classifier, archive.getAbsoluteFile());
        }
    }

    private static java.nio.file.Path path(File f) {
        return f == null ? null : f.toPath();
    }
}
