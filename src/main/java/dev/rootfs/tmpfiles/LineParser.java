package dev.rootfs.tmpfiles;

import dev.rootfs.fs.TargetPathException;
import dev.rootfs.fs.TargetPaths;
import dev.rootfs.fs.TargetRoot;
import dev.rootfs.fs.UserDb;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

/**
 * Turns one line into an {@link Item}, or says why not, checking in systemd's order (§7.2): fields, modifiers,
 * {@code !}, path specifiers, {@code /var/run}, absolute path, type and argument checks, {@code $}/{@code ?},
 * prefix filter, argument specifiers, L/C defaults and the C source, credentials, base64, user, group, mode, age.
 * Later checks never run for a line dropped earlier. Never throws for any input.
 */
public final class LineParser {
    /** systemd limits expanded paths and arguments to PATH_MAX - 1 bytes. */
    static final int MAX_EXPANDED = 4095;
    private static final String ATTRIBUTE_LETTERS = "aAcCdDeijPsStTu";

    /** What the parser needs to know about the run. */
    public record Context(int version, boolean boot, PathFilter filter, Specifiers specifiers, UserDb users,
            TargetRoot root) {
    }

    /** The result for one line: an item, or nothing; plus what to tell about it. */
    public static final class Outcome {
        private Item item;
        private boolean blank;
        private boolean filtered;
        private final List<Diagnostic> diagnostics = new ArrayList<>();

        public Item item() {
            return item;
        }

        public boolean blank() {
            return blank;
        }

        /** Outside the prefixes: dropped without a message. */
        public boolean filtered() {
            return filtered;
        }

        public List<Diagnostic> diagnostics() {
            return diagnostics;
        }

        Outcome add(Diagnostic.Kind kind, String where, String message) {
            diagnostics.add(new Diagnostic(kind, where, message));
            return this;
        }
    }

    private LineParser() {
    }

    static String stripLine(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && Words.isSpace(s.charAt(a))) {
            a++;
        }
        while (b > a && Words.isSpace(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    private static boolean emptyOrDash(String s) {
        return s == null || s.isEmpty() || s.equals("-");
    }

    public static Outcome parse(String raw, String where, Context ctx) {
        Outcome out = new Outcome();
        try {
            return parse(raw, where, ctx, out);
        } catch (RuntimeException e) {
            // a bug must not reach the user as a stack trace; the line is reported instead
            return out.add(Diagnostic.Kind.INVALID, where, "cannot parse line (" + e + ")");
        }
    }

    private static Outcome parse(String raw, String where, Context ctx, Outcome out) {
        String line = stripLine(raw);
        if (line.isEmpty() || line.startsWith("#")) {
            out.blank = true;
            return out;
        }
        int v = ctx.version();
        Words.Split split;
        try {
            split = Words.split(line, 6, Feature.FIELD_C_ESCAPES.in(v));
        } catch (Words.Malformed e) {
            return out.add(Diagnostic.Kind.INVALID, where, "Failed to parse line: Invalid argument");
        }
        List<String> f = split.fields();
        if (f.size() < 2) {
            return out.add(Diagnostic.Kind.INVALID, where, "Syntax error.");
        }
        String action = f.get(0);
        String rawPath = f.get(1);
        String modeField = f.size() > 2 ? f.get(2) : null;
        String userField = f.size() > 3 ? f.get(3) : null;
        String groupField = f.size() > 4 ? f.get(4) : null;
        String ageField = f.size() > 5 ? f.get(5) : null;
        String arg = emptyOrDash(split.rest()) ? null : split.rest();
        if (action.isEmpty()) {
            return out.add(Diagnostic.Kind.INVALID, where, "Command too short '" + action + "'.");
        }
        int typeCp = action.codePointAt(0);
        Modifiers mods = Modifiers.parse(action.substring(Character.charCount(typeCp)), v);
        if (mods == null) {
            return out.add(Diagnostic.Kind.INVALID, where, "Unknown modifiers in command '" + action + "'.");
        }
        if (mods.boot() && !ctx.boot()) {
            return out.add(Diagnostic.Kind.SKIPPED, where, "'!' line, only used at boot (boot=false)");
        }
        String path;
        try {
            path = ctx.specifiers().expand(rawPath);
        } catch (Specifiers.Unresolvable e) {
            return out.add(Diagnostic.Kind.SKIPPED, where, "path " + rawPath + ": specifier " + e.getMessage());
        } catch (Specifiers.Unknown e) {
            return out.add(Diagnostic.Kind.INVALID, where, "Failed to replace specifiers in '" + rawPath
                    + "': Invalid slot (" + e.getMessage() + ")");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_EXPANDED) {
            return out.add(Diagnostic.Kind.FATAL, where, "Failed to replace specifiers in '" + abbreviate(rawPath)
                    + "': File name too long");
        }
        path = patchVarRun(path);
        if (!path.startsWith("/")) {
            return out.add(Diagnostic.Kind.INVALID, where, "Path '" + path + "' not absolute.");
        }
        path = simplify(path);
        LineType type = typeCp < 0x80 ? LineType.of((char) typeCp) : null;
        if (type == null) {
            return out.add(Diagnostic.Kind.INVALID, where, "Unknown command type '" + new String(
                    Character.toChars(typeCp)) + "'.");
        }
        if (type == LineType.CREATE_FILE && mods.plus()) {
            type = LineType.TRUNCATE_FILE; // f+ is F
        }
        long major = -1;
        long minor = -1;
        List<String> xattrs = List.of();
        switch (type) {
            case CREATE_SYMLINK, COPY_FILES -> {
                if (mods.base64()) {
                    return out.add(Diagnostic.Kind.INVALID, where, "base64 decoding not supported for "
                            + (type == LineType.CREATE_SYMLINK ? "symlink targets." : "copy sources."));
                }
            }
            case WRITE_FILE -> {
                if (arg == null) {
                    return out.add(Diagnostic.Kind.INVALID, where, "Write file requires argument.");
                }
            }
            case CREATE_CHAR_DEVICE, CREATE_BLOCK_DEVICE -> {
                if (mods.base64()) {
                    return out.add(Diagnostic.Kind.INVALID, where,
                            "base64 decoding not supported for device node creation.");
                }
                if (arg == null) {
                    return out.add(Diagnostic.Kind.INVALID, where, "Device file requires argument.");
                }
                long[] mm = parseDevnum(arg);
                if (mm == null) {
                    return out.add(Diagnostic.Kind.INVALID, where, "Can't parse device file major/minor '" + arg
                            + "'.");
                }
                major = mm[0];
                minor = mm[1];
            }
            case SET_XATTR, RECURSIVE_SET_XATTR -> {
                if (mods.base64()) {
                    return out.add(Diagnostic.Kind.INVALID, where, "base64 decoding not supported for extended attributes.");
                }
                if (arg == null) {
                    return out.add(Diagnostic.Kind.INVALID, where, "Set extended attribute requires argument.");
                }
                xattrs = parseXattrs(arg, where, out);
            }
            case SET_ACL, RECURSIVE_SET_ACL -> {
                if (mods.base64()) {
                    return out.add(Diagnostic.Kind.INVALID, where, "base64 decoding not supported for ACLs.");
                }
                if (arg == null) {
                    return out.add(Diagnostic.Kind.INVALID, where, "Set ACLs requires argument.");
                }
                if (Acl.parse(arg, ctx.users(), Feature.ACL_CONDITIONAL_EXECUTE.in(v)) == null) {
                    out.add(Diagnostic.Kind.WARNING, where, "Failed to parse ACL \"" + arg
                            + "\", ignoring: Invalid argument");
                }
            }
            case SET_ATTRIBUTE, RECURSIVE_SET_ATTRIBUTE -> {
                if (mods.base64()) {
                    return out.add(Diagnostic.Kind.INVALID, where, "base64 decoding not supported for file attributes.");
                }
                if (arg == null) {
                    return out.add(Diagnostic.Kind.INVALID, where, "Set file attribute requires argument.");
                }
                String bad = checkAttributes(arg);
                if (bad != null) {
                    return out.add(Diagnostic.Kind.INVALID, where, bad + " on '" + path + "'.");
                }
            }
            default -> {
                if (type.ignoresArgument() && arg != null) {
                    out.add(Diagnostic.Kind.WARNING, where, type.letter() + " lines don't take argument fields, ignoring.");
                    arg = null;
                }
            }
        }
        if (mods.purge() && !type.purgeable()) {
            return out.add(Diagnostic.Kind.INVALID, where, "Purge flag '$' combined with line type '"
                    + type.letter() + "' which does not support purging.");
        }
        if (mods.ifTargetExists() && type != LineType.CREATE_SYMLINK) {
            return out.add(Diagnostic.Kind.INVALID, where, "'?' modifier is only supported on 'L' lines.");
        }
        if (!ctx.filter().includes(path)) {
            out.filtered = true;
            return out;
        }
        byte[] argument = null;
        if (arg != null) {
            if (!mods.base64() && type.argumentIsContent() || type == LineType.CREATE_SYMLINK
                    || type == LineType.COPY_FILES) {
                byte[] unescaped;
                try {
                    unescaped = CEscape.unescape(arg);
                } catch (CEscape.BadEscape e) {
                    return out.add(Diagnostic.Kind.INVALID, where,
                            "Failed to substitute specifiers in argument: Invalid argument (bad escape in '"
                                    + abbreviate(arg) + "')");
                }
                try {
                    argument = expandBytes(ctx.specifiers(), unescaped);
                } catch (Specifiers.Unresolvable e) {
                    return out.add(Diagnostic.Kind.SKIPPED, where, "argument: specifier " + e.getMessage());
                } catch (Specifiers.Unknown e) {
                    return out.add(Diagnostic.Kind.INVALID, where,
                            "Failed to substitute specifiers in argument: Invalid slot (" + e.getMessage() + ")");
                }
                if (argument.length > MAX_EXPANDED) {
                    return out.add(Diagnostic.Kind.FATAL, where,
                            "Failed to substitute specifiers in argument: File name too long (use f~ with base64 "
                                    + "for content over 4095 bytes)");
                }
            } else if (type == LineType.SET_XATTR || type == LineType.RECURSIVE_SET_XATTR) {
                List<String> expanded = new ArrayList<>();
                for (String x : xattrs) {
                    try {
                        expanded.add(ctx.specifiers().expand(x));
                    } catch (Specifiers.Unresolvable e) {
                        return out.add(Diagnostic.Kind.SKIPPED, where, "argument: specifier " + e.getMessage());
                    } catch (Specifiers.Unknown e) {
                        return out.add(Diagnostic.Kind.INVALID, where,
                                "Failed to substitute specifiers in argument: Invalid slot (" + e.getMessage() + ")");
                    }
                }
                xattrs = expanded;
                argument = arg.getBytes(StandardCharsets.UTF_8);
            } else {
                argument = arg.getBytes(StandardCharsets.UTF_8);
            }
        }
        if (type == LineType.CREATE_SYMLINK && argument == null) {
            argument = ("/usr/share/factory" + path).getBytes(StandardCharsets.UTF_8);
        }
        if (type == LineType.COPY_FILES) {
            String src = argument == null ? "/usr/share/factory" + path : new String(argument, StandardCharsets.UTF_8);
            if (!src.startsWith("/")) {
                return out.add(Diagnostic.Kind.INVALID, where, "Source path '" + src + "' is not absolute.");
            }
            src = simplify(src);
            try {
                if (ctx.root() != null && ctx.root().stat(ctx.root().canonicalNoFollow(src)) == null) {
                    return out.add(Diagnostic.Kind.SKIPPED, where, "copy source path '" + src
                            + "' does not exist in the target, skipping line");
                }
            } catch (TargetPathException e) {
                return out.add(Diagnostic.Kind.SKIPPED, where, "copy source path '" + src + "' cannot be resolved: "
                        + e.getMessage());
            }
            argument = src.getBytes(StandardCharsets.UTF_8);
        }
        if (mods.credential()) {
            if (arg == null) {
                return out.add(Diagnostic.Kind.INVALID, where, "Reading from credential requires argument.");
            }
            return out.add(Diagnostic.Kind.SKIPPED, where, "credential '" + arg
                    + "' is not available when the image is built");
        }
        if (mods.base64() && argument != null && type.argumentIsContent()) {
            try {
                argument = Base64.getMimeDecoder().decode(stripSpaces(arg));
                if (!validBase64(arg)) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                return out.add(Diagnostic.Kind.FATAL, where, "Failed to base64 decode specified argument '"
                        + abbreviate(arg) + "': Invalid argument");
            }
        }
        Owner uid = Owner.UNSET;
        if (!emptyOrDash(userField)) {
            boolean only = userField.startsWith(":");
            String name = only ? userField.substring(1) : userField;
            OptionalLong id = ctx.users().uid(name);
            if (id.isEmpty()) {
                return out.add(Diagnostic.Kind.UNKNOWN_ID, where, "Failed to resolve user '" + name
                        + "': No such process");
            }
            uid = new Owner(id.getAsLong(), true, only, name);
        }
        Owner gid = Owner.UNSET;
        if (!emptyOrDash(groupField)) {
            boolean only = groupField.startsWith(":");
            String name = only ? groupField.substring(1) : groupField;
            OptionalLong id = ctx.users().gid(name);
            if (id.isEmpty()) {
                return out.add(Diagnostic.Kind.UNKNOWN_ID, where, "Failed to resolve group '" + name
                        + (Feature.IMAGE_SPECIFIERS.in(v) ? "': No such process" : "'."));
            }
            gid = new Owner(id.getAsLong(), true, only, name);
        }
        Mode mode = Mode.unset(type.defaultMode());
        if (!emptyOrDash(modeField)) {
            mode = Mode.parse(modeField);
            if (mode == null) {
                return out.add(Diagnostic.Kind.INVALID, where, "Invalid mode '" + modeField + "'.");
            }
        }
        Age age = Age.UNSET;
        if (!emptyOrDash(ageField)) {
            age = Age.parse(ageField);
            if (age == null) {
                return out.add(Diagnostic.Kind.INVALID, where, "Invalid age '" + ageField + "'.");
            }
        }
        out.item = new Item(where, type, type.letter(), mods, path, argument, mode, uid, gid, age, major, minor,
                xattrs, type == LineType.SET_ATTRIBUTE || type == LineType.RECURSIVE_SET_ATTRIBUTE ? arg : null);
        return out;
    }

    /** Specifiers over raw bytes: the text around them is kept byte for byte. */
    private static byte[] expandBytes(Specifiers spec, byte[] in) throws Specifiers.Unresolvable, Specifiers.Unknown {
        boolean hasPct = false;
        for (byte b : in) {
            if (b == '%') {
                hasPct = true;
                break;
            }
        }
        if (!hasPct) {
            return in;
        }
        String latin = new String(in, StandardCharsets.ISO_8859_1);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < latin.length()) {
            int p = latin.indexOf('%', i);
            if (p < 0 || p + 1 >= latin.length()) {
                sb.append(latin, i, latin.length());
                break;
            }
            sb.append(latin, i, p);
            String two = latin.substring(p, p + 2);
            String v = spec.expand(two);
            sb.append(new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            i = p + 2;
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String stripSpaces(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (!Words.isSpace(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean validBase64(String s) {
        String t = stripSpaces(s);
        if (t.length() % 4 == 1) {
            return false;
        }
        int pad = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/';
            if (c == '=') {
                pad++;
            } else if (!alpha || pad > 0) {
                return false;
            }
        }
        return pad <= 2;
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** systemd's patch_var_run(): /var/run/X is /run/X. */
    static String patchVarRun(String path) {
        List<String> c = TargetPaths.components(path);
        if (path.startsWith("/") && c.size() > 2 && c.get(0).equals("var") && c.get(1).equals("run")) {
            return "/run/" + String.join("/", c.subList(2, c.size()));
        }
        return path;
    }

    /** path_simplify(): no duplicate or trailing slashes and no "." components; ".." stays. */
    static String simplify(String path) {
        List<String> c = TargetPaths.components(path);
        return c.isEmpty() ? "/" : "/" + String.join("/", c);
    }

    private static long[] parseDevnum(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            return null;
        }
        OptionalLong a = unsigned(s.substring(0, colon));
        OptionalLong b = unsigned(s.substring(colon + 1));
        // the kernel's dev_t holds 12 bits of major and 20 of minor
        if (a.isEmpty() || b.isEmpty() || a.getAsLong() > 0xfff || b.getAsLong() > 0xfffff) {
            return null;
        }
        return new long[] {a.getAsLong(), b.getAsLong()};
    }

    private static OptionalLong unsigned(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return OptionalLong.empty();
        }
        for (char c : s.toCharArray()) {
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(s));
    }

    private static List<String> parseXattrs(String arg, String where, Outcome out) {
        List<String> pairs = new ArrayList<>();
        String rest = arg;
        while (rest != null) {
            Words.Split s;
            try {
                s = Words.split(rest, 1, true);
            } catch (Words.Malformed e) {
                out.add(Diagnostic.Kind.WARNING, where, "Failed to parse extended attribute, ignoring: " + rest);
                break;
            }
            if (s.fields().isEmpty()) {
                break;
            }
            String w = s.fields().get(0);
            int eq = w.indexOf('=');
            if (eq <= 0) {
                out.add(Diagnostic.Kind.WARNING, where, "Failed to parse extended attribute, ignoring: " + w);
            } else {
                pairs.add(w);
            }
            rest = s.rest();
        }
        return pairs;
    }

    /** The h argument: an optional + - = then attribute letters; null when fine, else the message. */
    private static String checkAttributes(String arg) {
        String a = arg;
        if (a.startsWith("+") || a.startsWith("-") || a.startsWith("=")) {
            a = a.substring(1);
        }
        if (a.isEmpty()) {
            return "Setting file attribute needs an attribute specification";
        }
        for (char c : a.toCharArray()) {
            if (ATTRIBUTE_LETTERS.indexOf(c) < 0) {
                return "Unknown file attribute '" + c + "'";
            }
        }
        return null;
    }
}
