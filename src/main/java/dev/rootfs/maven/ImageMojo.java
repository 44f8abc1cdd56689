package dev.rootfs.maven;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.image.ImageService;
import dev.rootfs.image.ImageType;
import dev.rootfs.image.OutputTimestamp;
import dev.rootfs.report.Log;
import dev.rootfs.report.ProblemsException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Builds a squashfs, erofs or ext4 image of the target root with the real tools, owners, modes, device nodes and
 * xattrs from the metadata, without root; optionally with a dm-verity hash tree. Two builds of the same root give
 * the same bytes. The image is attached with classifier {@code rootfs} and the image type as its type, the
 * verity files beside it with their own classifiers, each with a {@code .sha256}.
 */
@Mojo(name = "image", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true, requiresProject = false)
public class ImageMojo extends AbstractRootfsMojo {

    /**
     * {@code squashfs}, {@code erofs} or {@code ext4}; one execution per type.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.imageType", defaultValue = "squashfs")
    private String imageType;

    /**
     * The image file; by default rootfs.squashfs, rootfs.erofs or rootfs.ext4 in the build directory. Must lie
     * outside the root.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.image")
    private File image;

    /**
     * squashfs: gzip (default), xz, zstd or lz4; erofs: none (default), lz4, lz4hc or lzma; ext4: none.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.imageCompression")
    private String imageCompression;

    /**
     * squashfs data block size in bytes (4096 .. 1048576, a power of two); default the tool's, 131072.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.imageBlockSize")
    private Integer imageBlockSize;

    /**
     * A fixed file-system UUID; by default one is derived from the project's coordinates and the timestamp.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.imageUuid")
    private String imageUuid;

    /**
     * ext4: the image size in bytes; by default computed from the content plus {@code imageExtraSpace}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.imageSize")
    private Long imageSize;

    /**
     * ext4: bytes of free space added to the computed size.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.imageExtraSpace", defaultValue = "0")
    private long imageExtraSpace;

    /**
     * ext4: the volume label (at most 16 bytes).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.imageLabel")
    private String imageLabel;

    /**
     * ext4: the inode count; by default the number of entries plus a few.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.imageInodes")
    private Long imageInodes;

    /**
     * Formats a dm-verity hash tree and writes the root hash and a kernel command-line fragment.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.verity", defaultValue = "false")
    private boolean verity;

    /**
     * Appends the verity hash tree to the image instead of writing it beside the image as IMAGE.verity.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.verityAppend", defaultValue = "false")
    private boolean verityAppend;

    /**
     * A directory searched for the image tools before the {@code PATH}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.imageToolDirectory")
    private File imageToolDirectory;

    /**
     * File times are clamped to this instant and the file system dated to it: ISO-8601 or epoch seconds, as
     * maven-archiver reads it; when unset, {@code SOURCE_DATE_EPOCH}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.outputTimestamp", defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    /**
     * Attaches the image and its verity files to the project, so install and deploy publish them.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.attach", defaultValue = "true")
    private boolean attach;

    /**
     * Classifier of the attached image; the verity files get CLASSIFIER-verity, -roothash and -cmdline.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.imageClassifier", defaultValue = "rootfs")
    private String imageClassifier;

    /**
     * Skips only this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.image.skip", defaultValue = "false")
    private boolean skipImage;

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    private File buildDirectory;

    private final MavenProjectHelper projectHelper;

    @Inject
    public ImageMojo(MavenProjectHelper projectHelper) {
        this.projectHelper = projectHelper;
    }

    @Override
    protected boolean skipGoal() {
        return skipImage;
    }

    @Override
    protected void run(Log log) throws ProblemsException, IOException {
        ImageType type = ImageType.parse(imageType);
        Path out = image != null ? image.toPath()
                : (buildDirectory != null ? buildDirectory.toPath() : Path.of("target")).resolve("rootfs." + type.id());
        OptionalLong ts = OutputTimestamp.resolve(outputTimestamp, System.getenv("SOURCE_DATE_EPOCH"));
        String identity = project == null ? "" : project.getGroupId() + ":" + project.getArtifactId() + ":"
                + project.getVersion();
        ImageService.Options options = ImageService.Options.of(type, out).withCompression(imageCompression)
                .withBlockSize(imageBlockSize).withTimestamp(ts.isPresent() ? ts.getAsLong() : null)
                .withIdentity(identity, imageUuid).withVerity(verity, verityAppend)
                .withExt4(imageSize, imageExtraSpace, imageLabel, imageInodes)
                .withToolDirectory(imageToolDirectory == null ? null : imageToolDirectory.toPath());
        ImageService service = new ImageService(options);
        ImageService.Result r = GoalFrame.run(context(log), service);
        if (attach && project != null && project.getFile() != null) {
            // an up-to-date image is not rebuilt (no result), but its files are still attached
            for (Map.Entry<String, Path> f : (r != null ? r.files() : service.files()).entrySet()) {
                String kind = f.getKey();
                String base = kind.replace(".sha256", "");
                String classifier = base.equals("image") ? imageClassifier : imageClassifier + "-" + base;
                String artifactType = type.id() + (base.equals("image") ? "" : "." + base)
                        + (kind.endsWith(".sha256") ? ".sha256" : "");
                projectHelper.attachArtifact(project, artifactType, classifier, f.getValue().toFile());
            }
        }
    }
}
