package dev.rootfs.fs;

import dev.rootfs.report.Problem;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads and writes mtree(5) text as libarchive understands it, so {@code bsdtar -cf x.tar @rootfs.mtree}
 * works on our files. Entries are written in the full-path form ({@code ./var/log type=dir mode=0755 ...}).
 * Extended attributes, which libarchive's mtree reader has no keyword for, go on {@code #xattr} comment lines
 * right after their entry, where libarchive ignores them.
 *
 * <p>Reading also accepts what other tools write: {@code /set} and {@code /unset}, the hierarchical form
 * with relative names and {@code ..}, and the usual keywords that carry nothing we keep (time, size,
 * digests, flags, ...).
 */
public final class MtreeFormat {
    public static final String HEADER = "#mtree";
    private static final String XATTR_PREFIX = "#xattr ";
    private static final Set<String> IGNORED = Set.of("time", "size", "nlink", "flags", "cksum", "md5",
            "md5digest", "rmd160", "rmd160digest", "ripemd160digest", "sha1", "sha1digest", "sha384",
            "sha384digest", "sha512", "sha512digest", "contents", "content", "ignore", "nochange", "optional",
            "inode", "resdevice", "tags", "uuid");

    private MtreeFormat() {
    }

    // ---------------------------------------------------------------- writing

    /** One entry as its line(s), without the trailing newline of the last one. */
    public static String format(MetaEntry e) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(MtreeEscaping.mtreePath(e.path()));
        if (e.type() != null) {
            sb.append(" type=").append(e.type().mtreeName());
        }
        if (e.mode() != null) {
            sb.append(" mode=").append(octal(e.mode()));
        }
        if (e.uid() != null) {
            sb.append(" uid=").append(e.uid());
        }
        if (e.gid() != null) {
            sb.append(" gid=").append(e.gid());
        }
        if (e.uname() != null) {
            sb.append(" uname=").append(MtreeEscaping.escape(e.uname()));
        }
        if (e.gname() != null) {
            sb.append(" gname=").append(MtreeEscaping.escape(e.gname()));
        }
        if (e.link() != null) {
            sb.append(" link=").append(MtreeEscaping.escape(e.link()));
        }
        if (e.devMajor() != null && e.devMinor() != null) {
            sb.append(" device=native,").append(e.devMajor()).append(',').append(e.devMinor());
        }
        if (e.sha256() != null) {
            sb.append(" sha256digest=").append(e.sha256());
        }
        for (Map.Entry<String, String> x : e.xattrs().entrySet()) {
            sb.append('\n').append(XATTR_PREFIX).append(MtreeEscaping.mtreePath(e.path())).append(' ')
                    .append(MtreeEscaping.escape(x.getKey())).append('=').append(x.getValue());
        }
        return sb.toString();
    }

    public static String octal(int mode) {
        String s = Integer.toOctalString(mode);
        return "0000".substring(Math.min(4, s.length())) + s;
    }

    /** The whole file: header, then every entry in path order, each line ending in a newline. */
    public static String format(Metadata md) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (MetaEntry e : md.entries()) {
            sb.append(format(e)).append('\n');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- reading

    /** Result of parsing: the entries and every problem found, each naming {@code file:line}. */
    public record Parsed(Metadata metadata, List<Problem> problems) {
    }

    public static Parsed parse(String text, String fileName) {
        Metadata md = new Metadata();
        List<Problem> problems = new ArrayList<>();
        Map<String, String> defaults = new HashMap<>();
        List<String> cwd = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String where = fileName + ":" + (i + 1);
            String line = lines[i];
            // a trailing backslash continues the line, as in BSD mtree files
            while (line.endsWith("\\") && !line.endsWith("\\\\") && i + 1 < lines.length) {
                line = line.substring(0, line.length() - 1) + " " + lines[++i];
            }
            String trimmed = line.strip();
            if (trimmed.startsWith(XATTR_PREFIX.strip())) {
                parseXattr(trimmed, md, where, problems);
                continue;
            }
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] words = trimmed.split("[ \t]+");
            try {
                if (words[0].equals("/set")) {
                    for (int w = 1; w < words.length; w++) {
                        String[] kv = keyValue(words[w]);
                        defaults.put(kv[0], kv[1]);
                    }
                    continue;
                }
                if (words[0].equals("/unset")) {
                    for (int w = 1; w < words.length; w++) {
                        if (words[w].equals("all")) {
                            defaults.clear();
                        } else {
                            defaults.remove(words[w]);
                        }
                    }
                    continue;
                }
                if (words[0].startsWith("/")) {
                    throw new IllegalArgumentException("unknown command " + words[0]);
                }
                if (words[0].equals("..") && words.length == 1) {
                    if (cwd.isEmpty()) {
                        throw new IllegalArgumentException("'..' above the top directory");
                    }
                    cwd.remove(cwd.size() - 1);
                    continue;
                }
                String name = MtreeEscaping.unescape(words[0]);
                Map<String, String> kws = new HashMap<>(defaults);
                for (int w = 1; w < words.length; w++) {
                    String[] kv = keyValue(words[w]);
                    kws.put(kv[0], kv[1]);
                }
                boolean fullPath = name.contains("/");
                String path = fullPath ? TargetPaths.normalize(name.startsWith("./") || name.equals(".")
                        ? name.substring(1) : "/" + name)
                        : TargetPaths.normalize(TargetPaths.join(cwd) + "/" + name);
                MetaEntry e = entry(path, kws);
                if (md.get(path) != null) {
                    problems.add(Problem.warning(where, "second entry for " + MtreeEscaping.mtreePath(path)
                            + " replaces the first"));
                }
                md.put(e);
                if (!fullPath && e.type() == FileType.DIR && !name.equals(".")) {
                    cwd.add(name);
                }
            } catch (IllegalArgumentException ex) {
                problems.add(Problem.error(where, ex.getMessage()));
            }
        }
        return new Parsed(md, problems);
    }

    private static void parseXattr(String line, Metadata md, String where, List<Problem> problems) {
        String[] words = line.split("[ \t]+");
        if (words.length != 3 || !words[2].contains("=")) {
            problems.add(Problem.error(where, "malformed #xattr line, expected '#xattr PATH NAME=BASE64'"));
            return;
        }
        try {
            String path = TargetPaths.normalize(MtreeEscaping.unescape(words[1]).substring(1));
            String[] kv = keyValue(words[2]);
            Base64.getDecoder().decode(kv[1]);
            MetaEntry e = md.get(path);
            if (e == null) {
                problems.add(Problem.error(where, "#xattr line for " + words[1] + " before its entry"));
                return;
            }
            SortedMap<String, String> x = new TreeMap<>(e.xattrs());
            x.put(MtreeEscaping.unescape(kv[0]), kv[1]);
            md.put(e.withXattrs(x));
        } catch (IllegalArgumentException ex) {
            problems.add(Problem.error(where, "malformed #xattr line: " + ex.getMessage()));
        }
    }

    private static String[] keyValue(String word) {
        int eq = word.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected keyword=value, got '" + word + "'");
        }
        return new String[] {word.substring(0, eq), word.substring(eq + 1)};
    }

    private static MetaEntry entry(String path, Map<String, String> kws) {
        MetaEntry e = MetaEntry.of(path);
        for (Map.Entry<String, String> kv : new TreeMap<>(kws).entrySet()) {
            String k = kv.getKey();
            String v = kv.getValue();
            switch (k) {
                case "type" -> {
                    FileType t = FileType.fromMtree(v);
                    if (t == null) {
                        throw new IllegalArgumentException("unknown type '" + v + "'");
                    }
                    e = e.withType(t);
                }
                case "mode" -> e = e.withMode(parseMode(v));
                case "uid" -> e = e.withOwner(parseNumber(k, v, 0xffffffffL), e.uname());
                case "gid" -> e = e.withGroup(parseNumber(k, v, 0xffffffffL), e.gname());
                case "uname" -> e = e.withOwner(e.uid(), nonEmpty(k, MtreeEscaping.unescape(v)));
                case "gname" -> e = e.withGroup(e.gid(), nonEmpty(k, MtreeEscaping.unescape(v)));
                case "link" -> e = e.withLink(nonEmpty(k, MtreeEscaping.unescape(v)));
                case "device" -> {
                    String[] f = v.split(",");
                    if (f.length != 3) {
                        throw new IllegalArgumentException("device must be FORMAT,MAJOR,MINOR, got '" + v + "'");
                    }
                    e = e.withDevice(parseNumber("device major", f[1], 0xfffffffL),
                            parseNumber("device minor", f[2], 0xfffffffL));
                }
                case "sha256digest", "sha256" -> {
                    if (!v.matches("[0-9a-f]{64}")) {
                        throw new IllegalArgumentException("sha256digest must be 64 hex digits");
                    }
                    e = e.withSha256(v);
                }
                default -> {
                    if (!IGNORED.contains(k)) {
                        throw new IllegalArgumentException("unknown keyword '" + k + "'");
                    }
                }
            }
        }
        if (e.type() == FileType.LINK && e.link() == null) {
            throw new IllegalArgumentException("type=link without link=");
        }
        if (e.type() != null && e.type() != FileType.LINK && e.link() != null) {
            throw new IllegalArgumentException("link= on a type=" + e.type().mtreeName() + " entry");
        }
        if (e.type() != null && e.type().isDevice() && e.devMajor() == null) {
            throw new IllegalArgumentException("type=" + e.type().mtreeName() + " without device=");
        }
        return e;
    }

    private static String nonEmpty(String k, String v) {
        if (v.isEmpty()) {
            throw new IllegalArgumentException(k + " is empty");
        }
        return v;
    }

    static int parseMode(String v) {
        if (!v.matches("[0-7]{1,6}")) {
            throw new IllegalArgumentException("mode must be octal, got '" + v + "'");
        }
        int m = Integer.parseInt(v, 8);
        if ((m & ~07777) != 0) {
            throw new IllegalArgumentException("mode " + v + " has bits above 07777");
        }
        return m;
    }

    private static long parseNumber(String k, String v, long max) {
        if (!v.matches("[0-9]{1,10}")) {
            throw new IllegalArgumentException(k + " must be a decimal number, got '" + v + "'");
        }
        long n = Long.parseLong(v);
        if (n > max) {
            throw new IllegalArgumentException(k + " " + v + " is out of range");
        }
        return n;
    }
}
