package dev.rootfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserDbTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "65534,65534", "4294967294,4294967294", "1000,1000"})
    void strictIdsParse(String in, long expected) {
        assertEquals(OptionalLong.of(expected), UserDb.parseId(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "+1", "01", "00", "65535", "4294967295", "4294967296", "1x", " 1", "1.0",
        "99999999999"})
    void nonStrictIdsAreNames(String in) {
        assertFalse(UserDb.parseId(in).isPresent(), in);
    }

    @Test
    void etcWinsOverUsrLibAndFirstOccurrenceWins() throws IOException {
        TreeFixture.file(tmp.resolve("etc/passwd"), "app:x:1001:1001::/:/bin/false\napp:x:2002:2002::/:/x\n"
                + "broken line\n+nis:x:5:5::/:\n");
        TreeFixture.file(tmp.resolve("usr/lib/passwd"), "app:x:3003:3003::/:\nlibonly:x:77:77::/:\n");
        TreeFixture.file(tmp.resolve("etc/group"), "systemd-journal:x:101:\nroot:x:5:\n");
        UserDb db = UserDb.load(TargetRoot.open(tmp));
        assertEquals(OptionalLong.of(1001), db.uid("app"));
        assertEquals(OptionalLong.of(77), db.uid("libonly"));
        assertEquals(OptionalLong.of(0), db.uid("root"));
        assertEquals(OptionalLong.of(0), db.gid("root"), "root is built in before the files");
        assertEquals(OptionalLong.of(101), db.gid("systemd-journal"));
        assertEquals(OptionalLong.of(4242), db.uid("4242"), "numeric ids need no entry");
        assertFalse(db.uid("nis").isPresent());
        assertFalse(db.uid("_apt").isPresent(), "the build host's users never resolve");
        assertEquals("app", db.userName(1001));
        assertEquals("systemd-journal", db.groupName(101));
        assertNull(db.userName(3003));
    }

    @Test
    void passwdIsReadInsideTheRootEvenThroughAbsoluteSymlinks() throws IOException {
        TreeFixture.file(tmp.resolve("usr/share/base/passwd"), "inroot:x:1234:1235::/:\n");
        TreeFixture.link(tmp.resolve("etc/passwd"), "/usr/share/base/passwd");
        TreeFixture.link(tmp.resolve("etc/group"), "/etc/group-host-should-not-be-read");
        UserDb db = UserDb.load(TargetRoot.open(tmp));
        assertEquals(OptionalLong.of(1234), db.uid("inroot"));
        assertFalse(db.gid("adm").isPresent());
    }

    @Test
    void emptyRootKnowsOnlyRoot() throws IOException {
        UserDb db = UserDb.load(TargetRoot.open(tmp));
        assertEquals(OptionalLong.of(0), db.uid("root"));
        assertFalse(db.uid("daemon").isPresent());
    }
}
