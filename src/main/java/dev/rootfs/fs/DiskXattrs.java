package dev.rootfs.fs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The extended attributes on disk of every node of a subtree (capabilities, POSIX ACLs, user attributes), read
 * with one {@code getfattr -R -P -h -d -m - -e hex} run: the JDK reads only the {@code user.} namespace. Symlinks
 * are never followed. Attributes the build user may not read ({@code trusted.} without root) are simply absent.
 */
public final class DiskXattrs {
    private DiskXattrs() {
    }

    /**
     * Target path to its attributes (name to base64 value), for the nodes under {@code start} that have any.
     *
     * @throws TargetPathException when getfattr cannot be run
     */
    public static Map<String, SortedMap<String, String>> read(TargetRoot root, String start)
            throws TargetPathException {
        Path host = root.resolveNoFollow(start);
        Path hostRoot = root.hostRoot();
        Map<String, SortedMap<String, String>> out = new HashMap<>();
        Process p;
        try {
            p = new ProcessBuilder("getfattr", "-R", "-P", "-h", "-d", "-m", "-", "-e", "hex", "--absolute-names",
                    "--", host.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new TargetPathException(start, "cannot read extended attributes: getfattr (Debian package attr) "
                    + "cannot be run: " + TargetRoot.reason(e), e);
        }
        try (InputStream in = p.getInputStream()) {
            p.getOutputStream().close();
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            String path = null;
            for (String line : text.split("\n")) {
                if (line.startsWith("# file: ")) {
                    String abs = unquote(line.substring(8));
                    path = targetPath(hostRoot, abs);
                } else if (path != null && !line.isEmpty() && !line.startsWith("#")) {
                    int eq = line.indexOf('=');
                    if (eq <= 0) {
                        continue;
                    }
                    String name = unquote(line.substring(0, eq));
                    String v = line.substring(eq + 1);
                    byte[] value = v.startsWith("0x") ? HexFormat.of().parseHex(v.substring(2)) : new byte[0];
                    out.computeIfAbsent(path, k -> new TreeMap<>()).put(name,
                            Base64.getEncoder().encodeToString(value));
                }
            }
            p.waitFor();
        } catch (IOException e) {
            throw new TargetPathException(start, "cannot read extended attributes: " + TargetRoot.reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetPathException(start, "interrupted while reading extended attributes");
        }
        return out;
    }

    private static String targetPath(Path hostRoot, String abs) {
        String r = hostRoot.toString();
        if (abs.equals(r)) {
            return "/";
        }
        return abs.startsWith(r + "/") ? abs.substring(r.length()) : abs;
    }

    /** getfattr's quoting: bytes below space, above '~' and the backslash as {@code \ooo}; back to UTF-8. */
    static String unquote(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.write(Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.write(c & 0xff);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
