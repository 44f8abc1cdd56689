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
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
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

    /**
     * Everything a build of the root depends on beyond a goal's own parameters: this plugin's configuration in
     * the project (plugin level and every execution, with its goals) and the {@code rootfs.*} properties. The goal
     * that builds the root includes it in its key, so a changed parameter of any later goal that changes the root
     * in place rebuilds the root instead of running that goal on a root the goals after it already changed.
     */
    static String pipeline(MavenProject project, Properties properties, String pluginKey) {
        StringBuilder sb = new StringBuilder();
        if (project != null && project.getBuild() != null) {
            Plugin p = project.getBuild().getPluginsAsMap().get(pluginKey);
            if (p != null) {
                sb.append("plugin ").append(p.getConfiguration()).append('\n');
                for (PluginExecution e : p.getExecutions()) {
                    sb.append("execution ").append(e.getId()).append(' ').append(e.getGoals()).append(' ')
                            .append(e.getConfiguration()).append('\n');
                }
            }
        }
        new TreeMap<>(properties).forEach((k, v) -> {
            if (k.toString().startsWith("rootfs.")) {
                sb.append(k).append('=').append(v).append('\n');
            }
        });
        return sb.toString();
    }

    private static boolean isParameterType(Class<?> t) {
        String name = t.getName();
        return !(name.startsWith("org.apache.maven.") || name.startsWith("org.eclipse.aether.")
                || name.startsWith("org.codehaus.plexus.") || name.startsWith("org.slf4j."));
    }
}
