package dev.rootfs.maven;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.image.ManifestService;
import dev.rootfs.report.Log;
import dev.rootfs.report.ProblemsException;
import java.io.File;
import java.io.IOException;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Writes the full listing of the target root merged with the ownership metadata, in mtree format: one line
 * per node with type, mode, owner and group (ids and names), link target, device numbers and, for files, the
 * SHA-256 of the content. It is what an image built from the root will hold, and what tests compare.
 */
@Mojo(name = "manifest", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true, requiresProject = false)
public class ManifestMojo extends AbstractRootfsMojo {

    /**
     * Where the listing is written; must lie outside the root.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.manifest", defaultValue = "${project.build.directory}/rootfs-manifest.mtree")
    private File manifest;

    /**
     * Adds {@code sha256digest} for every regular file.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.digests", defaultValue = "true")
    private boolean digests;

    /**
     * Attaches the listing to the project (type {@code mtree}), so install and deploy publish it with the image.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.attach", defaultValue = "true")
    private boolean attach;

    /**
     * Classifier of the attached listing.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.manifestClassifier", defaultValue = "rootfs-manifest")
    private String manifestClassifier;

    /**
     * Skips only this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.manifest.skip", defaultValue = "false")
    private boolean skipManifest;

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    private final MavenProjectHelper projectHelper;

    @Inject
    public ManifestMojo(MavenProjectHelper projectHelper) {
        this.projectHelper = projectHelper;
    }

    @Override
    protected boolean skipGoal() {
        return skipManifest;
    }

    @Override
    protected void run(Log log) throws ProblemsException, IOException {
        GoalFrame.run(context(log), new ManifestService(new ManifestService.Options(manifest.toPath(), digests)));
        // a project built without a pom (ad hoc) has nothing to attach to
        if (attach && project != null && project.getFile() != null && project.getArtifact() != null) {
            projectHelper.attachArtifact(project, "mtree", manifestClassifier, manifest.getAbsoluteFile());
        }
    }
}
