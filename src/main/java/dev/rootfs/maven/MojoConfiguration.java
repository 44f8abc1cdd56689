package dev.rootfs.maven;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.project.MavenProject;

/**
 * A goal's parameters as stable text, for the up-to-date checks: every field of the Mojo and its superclasses up
 * to {@link AbstractRootfsMojo}, by name, as JSON (nested layer objects included), leaving out Maven's own
 * components (the project, the session, helpers), which are not parameters. Reading the fields rather than
 * listing them keeps a new parameter from being forgotten.
 */
final class MojoConfiguration {
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping()
            .registerTypeHierarchyAdapter(File.class, new TypeAdapter<File>() {
                @Override
                public void write(JsonWriter out, File f) throws IOException {
                    if (f == null) {
                        out.nullValue();
                    } else {
                        out.value(f.getAbsolutePath());
                    }
                }

                @Override
                public File read(JsonReader in) {
                    throw new UnsupportedOperationException("written only");
                }
            }).create();

    /** Fields that only decide whether a goal runs, not what it does. */
    private static final java.util.Set<String> NOT_CONFIGURATION = java.util.Set.of("skip", "force");

    private MojoConfiguration() {
    }

    static String of(AbstractRootfsMojo mojo) {
        Map<String, Object> values = new TreeMap<>();
        for (Class<?> c = mojo.getClass(); c != null && AbstractRootfsMojo.class.isAssignableFrom(c);
                c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())
                        || NOT_CONFIGURATION.contains(f.getName()) || !isParameterType(f.getType())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    Object value = f.get(mojo);
                    if (value instanceof java.util.Collection<?> col
                            && col.stream().anyMatch(v -> v != null && !isParameterType(v.getClass()))) {
                        continue; // Maven's own objects injected as a list, such as the remote repositories
                    }
                    values.put(c.getSimpleName() + "." + f.getName(), value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read parameter " + f.getName(), e);
                }
            }
        }
        return GSON.toJson(values);
    }

    /** The goals that change the root in place after it is staged. */
    static final Set<String> ROOT_CHANGING_GOALS = Set.of("populate-var", "generate-factory",
            "generate-overlay-units", "create-users", "enable-units");

    /**
     * What a staged root depends on beyond the staging itself: the configuration of the goals that later change
     * the root in place (their executions in the pom, the plugin-level parameters they take, and the user
     * properties they read). The goal that builds the root includes it in its key, so a changed parameter of
     * such a goal rebuilds the root instead of running that goal on a root the goals after it already changed;
     * a parameter of a goal that only reads the root (archive, manifest, image) leaves the staging alone.
     */
    static String pipeline(MavenProject project, Properties properties, PluginDescriptor plugin) {
        Set<String> props = new TreeSet<>();
        if (plugin != null && plugin.getMojos() != null) {
            for (MojoDescriptor m : plugin.getMojos()) {
                if (!ROOT_CHANGING_GOALS.contains(m.getGoal()) || m.getParameters() == null) {
                    continue;
                }
                for (org.apache.maven.plugin.descriptor.Parameter p : m.getParameters()) {
                    String e = p.getExpression();
                    if (e != null && e.startsWith("${") && e.endsWith("}")) {
                        props.add(e.substring(2, e.length() - 1));
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        Plugin p = project == null || project.getBuild() == null || plugin == null ? null
                : project.getBuild().getPluginsAsMap().get(plugin.getPluginLookupKey());
        if (p != null) {
            // plugin-level parameters apply to every goal; they are taken whole
            sb.append("plugin ").append(p.getConfiguration()).append('\n');
            for (PluginExecution e : p.getExecutions()) {
                if (e.getGoals().stream().anyMatch(ROOT_CHANGING_GOALS::contains)) {
                    sb.append("execution ").append(e.getId()).append(' ').append(e.getGoals()).append(' ')
                            .append(e.getConfiguration()).append('\n');
                }
            }
        }
        for (String name : props) {
            String v = properties.getProperty(name);
            if (v != null) {
                sb.append(name).append('=').append(v).append('\n');
            }
        }
        return sb.toString();
    }

    private static boolean isParameterType(Class<?> t) {
        String name = t.getName();
        return !(name.startsWith("org.apache.maven.") || name.startsWith("org.eclipse.aether.")
                || name.startsWith("org.codehaus.plexus.") || name.startsWith("org.slf4j."));
    }
}
