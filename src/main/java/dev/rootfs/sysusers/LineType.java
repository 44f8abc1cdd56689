package dev.rootfs.sysusers;

import java.util.Optional;

/**
 * The sysusers.d line types and what each one's fields mean (sysusers.d(5)); every rule about a type's fields
 * lives here. {@link #parse} turns the expanded fields of one line into what {@link SysusersConfig} collects.
 */
enum LineType {
    /** {@code u NAME ID GECOS HOME SHELL}: a user and its primary group. */
    USER('u') {
        @Override
        void parse(Fields f, SysusersConfig into) throws LineError {
            if (f.name == null) {
                throw new LineError("Missing name for user");
            }
            Item i = new Item(this, f.name, f.where);
            i.locked = f.locked;
            if (f.id != null) {
                if (f.id.startsWith("/")) {
                    // the path's owner gives the uid and its group the primary group's gid
                    i.uidPath = SysusersConfig.simplify(f.id);
                    i.gidPath = i.uidPath;
                } else {
                    String uid = f.id;
                    int colon = f.id.indexOf(':');
                    if (colon >= 0) {
                        String gid = f.id.substring(colon + 1);
                        uid = f.id.substring(0, colon);
                        Optional<Long> g = SysusersConfig.parseId(gid);
                        if (g.isPresent()) {
                            i.gid = g.get();
                            i.gidSet = true;
                            i.idSetStrict = true;
                        } else if (SysusersConfig.validName(gid)) {
                            i.groupName = gid;
                        } else {
                            throw new LineError("Failed to parse GID: '" + f.id + "'");
                        }
                    }
                    if (!uid.equals("-")) {
                        i.uid = SysusersConfig.parseId(uid)
                                .orElseThrow(() -> new LineError("Failed to parse UID: '" + f.id + "'"));
                        i.uidSet = true;
                    }
                }
            }
            i.description = f.description;
            i.home = f.home;
            i.shell = f.shell;
            into.addUser(i);
        }
    },
    /** {@code g NAME ID}: a group. */
    GROUP('g') {
        @Override
        void parse(Fields f, SysusersConfig into) throws LineError {
            if (f.name == null) {
                throw new LineError("Missing name for group");
            }
            noField(f.description, "GECOS");
            noField(f.home, "home directory");
            noField(f.shell, "shell");
            Item i = new Item(this, f.name, f.where);
            if (f.id != null) {
                if (f.id.startsWith("/")) {
                    i.gidPath = SysusersConfig.simplify(f.id);
                } else {
                    i.gid = SysusersConfig.parseId(f.id)
                            .orElseThrow(() -> new LineError("Failed to parse GID: '" + f.id + "'"));
                    i.gidSet = true;
                }
            }
            into.addGroup(i);
        }
    },
    /** {@code m USER GROUP}: membership; both are created when no line declares them. */
    MEMBER('m') {
        @Override
        void parse(Fields f, SysusersConfig into) throws LineError {
            noField(f.description, "GECOS");
            noField(f.home, "home directory");
            noField(f.shell, "shell");
            if (f.name == null) {
                throw new LineError("Lines of type 'm' require a user name in the second field.");
            }
            if (f.id == null) {
                throw new LineError("Lines of type 'm' require a group name in the third field.");
            }
            if (!SysusersConfig.validName(f.id)) {
                throw new LineError("'" + f.id + "' is not a valid user or group name.");
            }
            into.addMember(f.name, f.id);
        }
    },
    /** {@code r - LOW-HIGH}: the range new ids are taken from, highest first. */
    RANGE('r') {
        @Override
        void parse(Fields f, SysusersConfig into) throws LineError {
            if (f.name != null) {
                throw new LineError("Lines of type 'r' don't take a name field.");
            }
            if (f.id == null) {
                throw new LineError("Lines of type 'r' require an ID range in the third field.");
            }
            noField(f.description, "GECOS");
            noField(f.home, "home directory");
            noField(f.shell, "shell");
            String[] ab = f.id.split("-", -1);
            if (ab.length > 2) {
                throw new LineError("Invalid UID range " + f.id + ".");
            }
            Optional<Long> a = SysusersConfig.parseId(ab[0]);
            Optional<Long> b = ab.length == 2 ? SysusersConfig.parseId(ab[1]) : a;
            if (a.isEmpty() || b.isEmpty() || a.get() > b.get()) {
                throw new LineError("Invalid UID range " + f.id + ".");
            }
            into.addRange(a.get(), b.get());
        }
    };

    /** A line refused, with systemd's words. */
    static final class LineError extends Exception {
        private static final long serialVersionUID = 1L;

        LineError(String message) {
            super(message, null, false, false);
        }
    }

    /** The fields of one line after "-" became null and specifiers were expanded. */
    record Fields(String where, boolean locked, String name, String id, String description, String home,
            String shell) {
    }

    final char letter;

    LineType(char letter) {
        this.letter = letter;
    }

    abstract void parse(Fields f, SysusersConfig into) throws LineError;

    static LineType of(char c) {
        for (LineType t : values()) {
            if (t.letter == c) {
                return t;
            }
        }
        return null;
    }

    void noField(String value, String what) throws LineError {
        if (value != null) {
            throw new LineError("Lines of type '" + letter + "' don't take a " + what + " field.");
        }
    }
}
