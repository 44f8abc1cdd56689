package dev.rootfs.goal;

import dev.rootfs.fs.TreeFingerprint;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Which build of the plugin is running: its jar (or classes folder) as {@link TreeFingerprint} sees it. Part of
 * every up-to-date key, so that a new plugin build, even under the same SNAPSHOT version, reruns every goal.
 */
final class PluginBuild {
    private static String fingerprint;

    private PluginBuild() {
    }

    static synchronized String fingerprint() throws IOException {
        if (fingerprint == null) {
            try {
                Path code = Path.of(PluginBuild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                fingerprint = TreeFingerprint.of(code);
            } catch (URISyntaxException | SecurityException | NullPointerException e) {
                fingerprint = "unknown"; // no code source: the key still holds the goal and its inputs
            }
        }
        return fingerprint;
    }
}
