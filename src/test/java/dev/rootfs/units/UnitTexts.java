package dev.rootfs.units;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads generated unit files back, as systemd sees them, for checks on what was really written. */
final class UnitTexts {
    private UnitTexts() {
    }

    static UnitFile parse(String name, String text) {
        UnitFile u = new UnitFile(name);
        String section = null;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line.substring(1, line.indexOf(']'));
            } else {
                int eq = line.indexOf('=');
                u.set(section, line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return u;
    }

    /** The unit files (not drop-ins) in the root's /usr/lib/systemd/system. */
    static List<UnitFile> units(Path root) throws IOException {
        List<UnitFile> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root.resolve("usr/lib/systemd/system"))) {
            for (Path p : s.sorted().toList()) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    out.add(parse(p.getFileName().toString(), Files.readString(p)));
                }
            }
        }
        return out;
    }

    /**
     * Splits an ExecStart= value into argv the way systemd does for what this plugin writes: whitespace
     * separates words, double quotes group, C escapes, "%%" and "$$".
     */
    static List<String> argv(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!quoted && Character.isWhitespace(c)) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
                continue;
            }
            cur = cur == null ? new StringBuilder() : cur;
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\') {
                char n = value.charAt(++i);
                switch (n) {
                    case 'n' -> cur.append('\n');
                    case 't' -> cur.append('\t');
                    case 'x' -> {
                        cur.append((char) Integer.parseInt(value.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    default -> cur.append(n);
                }
            } else if ((c == '%' || c == '$') && i + 1 < value.length() && value.charAt(i + 1) == c) {
                cur.append(c);
                i++;
            } else {
                cur.append(c);
            }
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }
}
