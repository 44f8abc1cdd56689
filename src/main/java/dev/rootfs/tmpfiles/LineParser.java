package dev.rootfs.tmpfiles;

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
        private Diagnostic outside;
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

        /** The line's notice when it lies outside the prefixes; kept apart from the diagnostics. */
        public Diagnostic outside() {
            return outside;
        }

        Outcome add(Diagnostic.Kind kind, String where, String message) {
            return add(new Diagnostic(kind, where, message));
        }

        Outcome add(Diagnostic d) {
            diagnostics.add(d);
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
            return out.add(new Diagnostic(Diagnostic.Kind.SKIPPED, where, "'!' line, only used at boot (boot=false)",
                    Diagnostic.Reason.BOOT_ONLY, null));
        }
        String path;
        try {
            path = ctx.specifiers().expand(rawPath);
        } catch (Specifiers.Unresolvable e) {
            return out.add(new Diagnostic(Diagnostic.Kind.SKIPPED, where, action + " " + rawPath
                    + ": specifier in the path: " + e.getMessage(), Diagnostic.Reason.SPECIFIER, "%" + e.letter()));
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
        type = type.refine(mods);
        Line l = new Line(where, ctx, out, mods, type.letter());
        l.path = path;
        l.arg = arg;
        if (!type.checkArgument(l)) {
            return out;
        }
        if (mods.purge() && !type.purgeable()) {
            return out.add(Diagnostic.Kind.INVALID, where, "Purge flag '$' combined with line type '"
                    + type.letter() + "' which does not support purging.");
        }
        if (mods.ifTargetExists() && !type.allowsIfTargetExists()) {
            return out.add(Diagnostic.Kind.INVALID, where, "'?' modifier is only supported on 'L' lines.");
        }
        if (!ctx.filter().includes(path)) {
            out.filtered = true;
            out.outside = new Diagnostic(Diagnostic.Kind.SKIPPED, where, type.letter() + " " + path
                    + ": outside the prefixes", Diagnostic.Reason.OUTSIDE_PREFIXES, null);
            return out;
        }
        if (!type.resolveArgument(l)) {
            return out;
        }
        arg = l.arg;
        byte[] argument = l.argument;
        if (mods.credential()) {
            if (arg == null) {
                return out.add(Diagnostic.Kind.INVALID, where, "Reading from credential requires argument.");
            }
            return out.add(new Diagnostic(Diagnostic.Kind.SKIPPED, where, type.letter() + " " + path
                    + ": credential '" + arg + "' is not available when the image is built",
                    Diagnostic.Reason.CREDENTIAL, arg));
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
                return out.add(new Diagnostic(Diagnostic.Kind.UNKNOWN_ID, where, "Failed to resolve user '" + name
                        + "': No such process", Diagnostic.Reason.UNKNOWN_USER, name));
            }
            uid = new Owner(id.getAsLong(), true, only, name);
        }
        Owner gid = Owner.UNSET;
        if (!emptyOrDash(groupField)) {
            boolean only = groupField.startsWith(":");
            String name = only ? groupField.substring(1) : groupField;
            OptionalLong id = ctx.users().gid(name);
            if (id.isEmpty()) {
                return out.add(new Diagnostic(Diagnostic.Kind.UNKNOWN_ID, where, "Failed to resolve group '" + name
                        + (Feature.IMAGE_SPECIFIERS.in(v) ? "': No such process" : "'."),
                        Diagnostic.Reason.UNKNOWN_GROUP, name));
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
        out.item = new Item(where, type, type.letter(), mods, path, argument, mode, uid, gid, age, l.major, l.minor,
                l.xattrs, l.attributes);
        return out;
    }

    /** The argument as C-escaped text with specifiers, into {@code l.argument}; false drops the line. */
    static boolean unescapeAndExpand(Line l) {
        byte[] unescaped;
        try {
            unescaped = CEscape.unescape(l.arg);
        } catch (CEscape.BadEscape e) {
            return l.drop(Diagnostic.Kind.INVALID,
                    "Failed to substitute specifiers in argument: Invalid argument (bad escape in '"
                            + abbreviate(l.arg) + "')");
        }
        try {
            l.argument = expandBytes(l.ctx.specifiers(), unescaped);
        } catch (Specifiers.Unresolvable e) {
            return argumentSpecifier(l, e);
        } catch (Specifiers.Unknown e) {
            return l.drop(Diagnostic.Kind.INVALID,
                    "Failed to substitute specifiers in argument: Invalid slot (" + e.getMessage() + ")");
        }
        if (l.argument.length > MAX_EXPANDED) {
            return l.drop(Diagnostic.Kind.FATAL,
                    "Failed to substitute specifiers in argument: File name too long (use f~ with base64 "
                            + "for content over 4095 bytes)");
        }
        return true;
    }

    /** t and T: specifiers in each name=value pair; the argument stays as written. */
    static boolean expandXattrs(Line l) {
        List<String> expanded = new ArrayList<>();
        for (String x : l.xattrs) {
            try {
                expanded.add(l.ctx.specifiers().expand(x));
            } catch (Specifiers.Unresolvable e) {
                return argumentSpecifier(l, e);
            } catch (Specifiers.Unknown e) {
                return l.drop(Diagnostic.Kind.INVALID,
                        "Failed to substitute specifiers in argument: Invalid slot (" + e.getMessage() + ")");
            }
        }
        l.xattrs = expanded;
        l.argument = l.arg.getBytes(StandardCharsets.UTF_8);
        return true;
    }

    private static boolean argumentSpecifier(Line l, Specifiers.Unresolvable e) {
        return l.skip(Diagnostic.Reason.SPECIFIER, "%" + e.letter(), l.letter + " " + l.path
                + ": specifier in the argument: " + e.getMessage());
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

    static long[] parseDevnum(String s) {
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

    static List<String> parseXattrs(Line l) {
        List<String> pairs = new ArrayList<>();
        String rest = l.arg;
        while (rest != null) {
            Words.Split s;
            try {
                s = Words.split(rest, 1, true);
            } catch (Words.Malformed e) {
                l.warn("Failed to parse extended attribute, ignoring: " + rest);
                break;
            }
            if (s.fields().isEmpty()) {
                break;
            }
            String w = s.fields().get(0);
            int eq = w.indexOf('=');
            if (eq <= 0) {
                l.warn("Failed to parse extended attribute, ignoring: " + w);
            } else {
                pairs.add(w);
            }
            rest = s.rest();
        }
        return pairs;
    }

    /** The h argument: an optional + - = then attribute letters; null when fine, else the message. */
    static String checkAttributes(String arg) {
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
