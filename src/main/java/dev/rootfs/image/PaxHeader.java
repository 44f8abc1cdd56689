package dev.rootfs.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records of one pax extended header ({@code "%d %s=%s\n"}, POSIX.1-2001). Built here rather than by
 * commons-compress for two reasons: its own header entries carry the build user's name ({@code user.name})
 * and the values it takes are Strings, so binary xattr values such as {@code security.capability} could not
 * be stored. Keys are kept sorted so the header is the same on every run.
 */
final class PaxHeader {
    private final Map<String, byte[]> records = new TreeMap<>();

    void put(String key, String value) {
        records.put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    void put(String key, byte[] value) {
        records.put(key, value);
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> r : records.entrySet()) {
            byte[] key = r.getKey().getBytes(StandardCharsets.UTF_8);
            // the length prefix counts itself: " key=value\n" plus its own digits
            int rest = 1 + key.length + 1 + r.getValue().length + 1;
            int len = rest + Integer.toString(rest).length();
            if (Integer.toString(len).length() != Integer.toString(rest).length()) {
                len = rest + Integer.toString(len).length();
            }
            out.writeBytes(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
            out.write(' ');
            out.writeBytes(key);
            out.write('=');
            out.writeBytes(r.getValue());
            out.write('\n');
        }
        return out.toByteArray();
    }
}
