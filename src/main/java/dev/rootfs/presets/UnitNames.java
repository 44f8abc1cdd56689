package dev.rootfs.presets;

/** Unit name rules (systemd.unit(5)): templates {@code p@.service}, instances {@code p@i.service}. */
final class UnitNames {
    private static final String SUFFIXES = "service|socket|target|timer|path|mount|automount|swap|slice|scope|device";

    private UnitNames() {
    }

    static boolean valid(String name) {
        return name.length() < 256 && name.matches("[a-zA-Z0-9:_.\\\\-]+(@[a-zA-Z0-9:_.\\\\-]*)?\\.(" + SUFFIXES + ")")
                && !name.startsWith("@");
    }

    static boolean isTemplate(String name) {
        int at = name.indexOf('@');
        return at > 0 && name.startsWith(".", at + 1);
    }

    /** The instance of {@code p@i.service}, or null for a plain unit or a template. */
    static String instance(String name) {
        int at = name.indexOf('@');
        int dot = name.lastIndexOf('.');
        return at > 0 && dot > at + 1 ? name.substring(at + 1, dot) : null;
    }

    /** {@code p@.service} of {@code p@i.service}. */
    static String template(String name) {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at + 1) + name.substring(name.lastIndexOf('.'));
    }

    static String withInstance(String template, String instance) {
        int at = template.indexOf('@');
        return template.substring(0, at + 1) + instance + template.substring(at + 1);
    }
}
