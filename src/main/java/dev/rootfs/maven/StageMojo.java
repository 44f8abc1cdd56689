package dev.rootfs.maven;

import dev.rootfs.goal.GoalFrame;
import dev.rootfs.report.ConfigurationException;
import dev.rootfs.report.Log;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.stage.ArchiveLayer;
import dev.rootfs.stage.FileLayer;
import dev.rootfs.stage.Glob;
import dev.rootfs.stage.Layer;
import dev.rootfs.stage.MtreeLayer;
import dev.rootfs.stage.PermissionsLayer;
import dev.rootfs.stage.StageService;
import dev.rootfs.stage.TreeLayer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Builds the target root from ordered layers (later ones win): base archives (files or Maven artifacts), trees,
 * single files, mtree specs and permission rules. Owners, special modes, devices and xattrs the build user cannot
 * put on disk go into the metadata. The root is rebuilt in a sibling directory and swapped in at the end, so a
 * failed or killed run leaves the previous root.
 */
@Mojo(name = "stage", defaultPhase = LifecyclePhase.PREPARE_PACKAGE, threadSafe = true, requiresProject = false)
public class StageMojo extends AbstractRootfsMojo {

    /**
     * The layers, in order; see the README for each kind.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.layers")
    private List<StageLayer> layers;

    /**
     * An archive staged first, before the other layers (for use without a pom).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.baseArchive")
    private File baseArchive;

    /**
     * Directories staged as tree layers after {@code baseArchive} and before {@code layers} (comma-separated).
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.trees")
    private List<File> trees;

    /**
     * Lets a later layer replace a node of another type (a directory by a file); otherwise that fails.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.overwrite", defaultValue = "false")
    private boolean overwrite;

    /**
     * Skips only this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "rootfs.stage.skip", defaultValue = "false")
    private boolean skipStage;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
    private RepositorySystemSession repoSession;

    @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true)
    private List<RemoteRepository> remoteRepositories;

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true)
    private MavenSession session;

    @Parameter(defaultValue = "${plugin}", readonly = true)
    private PluginDescriptor plugin;

    private final RepositorySystem repositorySystem;

    @Inject
    public StageMojo(RepositorySystem repositorySystem) {
        this.repositorySystem = repositorySystem;
    }

    @Override
    protected boolean skipGoal() {
        return skipStage;
    }

    /**
     * Staging is skipped only when the later goals that change the root in place are configured as before too
     * (see {@link MojoConfiguration#pipeline}); otherwise one of them would run again on a finished root.
     */
    @Override
    protected String upToDateConfiguration() {
        java.util.Properties props = new java.util.Properties();
        if (project != null) {
            props.putAll(project.getProperties());
        }
        if (session != null) {
            props.putAll(session.getSystemProperties());
            props.putAll(session.getUserProperties());
        }
        return super.upToDateConfiguration() + "\n" + MojoConfiguration.pipeline(project, props, plugin);
    }

    @Override
    protected void run(Log log) throws ProblemsException, IOException {
        List<Layer> core = new ArrayList<>();
        if (baseArchive != null) {
            core.add(ArchiveLayer.of(baseArchive.toPath()));
        }
        if (trees != null) {
            trees.forEach(t -> core.add(new TreeLayer(t.toPath(), "/")));
        }
        if (layers != null) {
            for (int i = 0; i < layers.size(); i++) {
                core.add(layer(i + 1, layers.get(i)));
            }
        }
        if (core.isEmpty()) {
            throw new ConfigurationException("stage: no layers configured (set <layers>, rootfs.baseArchive or "
                    + "rootfs.trees)");
        }
        GoalFrame.run(context(log), new StageService(new StageService.Options(core, overwrite)));
    }

    private Layer layer(int n, StageLayer l) {
        String where = "layer " + n;
        long kinds = Stream.of(l.archive, l.artifact, l.tree, l.file, l.mtree, l.rules).filter(x -> x != null)
                .count();
        if (kinds != 1) {
            throw new ConfigurationException(where + ": set exactly one of archive, artifact, tree, file, mtree "
                    + "or rules (found " + kinds + ")");
        }
        if (l.archive != null || l.artifact != null) {
            Path file = l.archive != null ? l.archive.toPath() : resolve(where, l.artifact);
            String label = l.archive != null ? l.archive.toString() : l.artifact;
            return new ArchiveLayer(file, label, globs(l.includes), globs(l.excludes), l.prefix);
        }
        if (l.tree != null) {
            return new TreeLayer(l.tree.toPath(), l.prefix);
        }
        if (l.file != null) {
            if (l.target == null || l.target.isBlank()) {
                throw new ConfigurationException(where + ": a file layer needs <target>");
            }
            return new FileLayer(l.file.toPath(), l.target, octal(where + " mode", l.mode));
        }
        if (l.mtree != null) {
            return new MtreeLayer(l.mtree.toPath());
        }
        List<PermissionsLayer.Rule> rules = new ArrayList<>();
        for (int i = 0; i < l.rules.size(); i++) {
            PermissionRule r = l.rules.get(i);
            String w = where + " rule " + (i + 1);
            if (r.glob == null || r.glob.isBlank()) {
                throw new ConfigurationException(w + ": needs <glob>");
            }
            rules.add(new PermissionsLayer.Rule(r.glob, r.owner, octal(w + " fileMode", r.fileMode),
                    octal(w + " dirMode", r.dirMode)));
        }
        return new PermissionsLayer(rules);
    }

    /** Resolves {@code groupId:artifactId:version[:type[:classifier]]} through Maven's repositories. */
    private Path resolve(String where, String coordinates) {
        String[] f = coordinates.strip().split(":");
        if (f.length < 3 || f.length > 5 || Stream.of(f).anyMatch(String::isEmpty)) {
            throw new ConfigurationException(where + ": artifact '" + coordinates + "' is not "
                    + "groupId:artifactId:version[:type[:classifier]]");
        }
        String type = f.length > 3 ? f[3] : "tar";
        String classifier = f.length > 4 ? f[4] : "";
        DefaultArtifact artifact = new DefaultArtifact(f[0], f[1], classifier, type, f[2]);
        try {
            return repositorySystem.resolveArtifact(repoSession,
                    new ArtifactRequest(artifact, remoteRepositories, null)).getArtifact().getFile().toPath();
        } catch (ArtifactResolutionException e) {
            throw new ConfigurationException(where + ": cannot resolve artifact " + coordinates + ": "
                    + e.getMessage(), e);
        }
    }

    private static List<Glob> globs(List<String> patterns) {
        return patterns == null ? List.of() : patterns.stream().map(Glob::of).toList();
    }

    private static Integer octal(String what, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.strip().matches("[0-7]{1,4}")) {
            throw new ConfigurationException(what + " must be an octal mode such as 0644, not '" + value + "'");
        }
        return Integer.parseInt(value.strip(), 8);
    }
}
