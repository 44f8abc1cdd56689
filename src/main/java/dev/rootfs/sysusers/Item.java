package dev.rootfs.sysusers;

/**
 * One user or group to create, as systemd-sysusers keeps it: what the line asked for, then what allocation
 * decided. A {@code u} line is also the request for its primary group of the same name.
 */
final class Item {
    final LineType type;
    final String name;
    final String where;
    String uidPath;
    String gidPath;
    String groupName;
    String description;
    String home;
    String shell;
    boolean locked;
    long uid;
    long gid;
    boolean uidSet;
    boolean gidSet;
    /** The gid was given: the group must exist or be created by a {@code g} line, and no uid clash is checked. */
    boolean idSetStrict;
    boolean todoUser;
    boolean todoGroup;

    Item(LineType type, String name, String where) {
        this.type = type;
        this.name = name;
        this.where = where;
    }

    /** systemd's item_equivalent: a second identical line is no conflict. */
    boolean sameAs(Item o) {
        return type == o.type && name.equals(o.name) && java.util.Objects.equals(uidPath, o.uidPath)
                && java.util.Objects.equals(gidPath, o.gidPath) && java.util.Objects.equals(groupName, o.groupName)
                && java.util.Objects.equals(description, o.description) && java.util.Objects.equals(home, o.home)
                && java.util.Objects.equals(shell, o.shell) && locked == o.locked && uidSet == o.uidSet
                && (!uidSet || uid == o.uid) && gidSet == o.gidSet && (!gidSet || gid == o.gid)
                && idSetStrict == o.idSetStrict;
    }
}
