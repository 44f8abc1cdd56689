package dev.rootfs.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rootfs.fs.FileType;
import dev.rootfs.fs.MetaEntry;
import dev.rootfs.fs.Metadata;
import dev.rootfs.fs.MtreeFormat;
import dev.rootfs.report.ProblemsException;
import dev.rootfs.units.OverlayUnitGenerator.Check;
import dev.rootfs.units.TestTargets.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayUnitGeneratorTest {
    static final String SYSTEM = "usr/lib/systemd/system/";

    @TempDir
    Path tmp;

    private OverlayUnitGenerator.Result run(Request r) throws Exception {
        return r.run();
    }

    private String failure(Request r) {
        return assertThrows(ProblemsException.class, () -> run(r)).getMessage();
    }

    private static Request with(Request r, List<String> paths, UpperStorage s, List<String> options) {
        return r.with(b -> b.paths(paths).storage(s).overlayOptions(options));
    }

    @Test
    void defaultTmpfsUnits() throws Exception {
        Path root = TestTargets.debian(tmp);
        OverlayUnitGenerator.Result r = run(TestTargets.request(root));
        assertEquals(252, r.systemd().version());
        String mount = Files.readString(root.resolve(SYSTEM + "var.mount"));
        String service = Files.readString(root.resolve(SYSTEM + "rootfs-overlay-var.service"));
        String storage = Files.readString(root.resolve(SYSTEM + "run-rootfs\\x2doverlay-var-storage.mount"));
        System.out.println("---- var.mount\n" + mount + "---- rootfs-overlay-var.service\n" + service
                + "---- run-rootfs\\x2doverlay-var-storage.mount\n" + storage);
        assertTrue(mount.startsWith(UnitFile.MARKER + "\n"));
        assertTrue(mount.contains("\nOptions=lowerdir=/run/rootfs-overlay/var/lower,"
                + "upperdir=/run/rootfs-overlay/var/storage/upper,workdir=/run/rootfs-overlay/var/storage/work,"
                + "redirect_dir=on,index=off,xino=auto,metacopy=off\n"), mount);
        assertTrue(mount.contains("\nBefore=local-fs.target umount.target\n"));
        assertFalse(mount.contains("[Install]"));
        assertTrue(service.contains("\nBefore=local-fs-pre.target var.mount\n"), service);
        assertTrue(service.contains("ExecStart=/usr/bin/mount -n -o bind,private /var /run/rootfs-overlay/var/lower\n"));
        assertTrue(service.contains("ExecStart=/usr/bin/chmod 0755 /run/rootfs-overlay/var/storage/upper\n"));
        assertTrue(storage.contains("Options=mode=0755,size=50%%,nr_inodes=1m\n"), storage);
        assertEquals("../var.mount",
                Files.readSymbolicLink(root.resolve(SYSTEM + "local-fs.target.wants/var.mount")).toString());
        Metadata md = MtreeFormat.parse(Files.readString(root.resolveSibling("rootfs.mtree")), "md").metadata();
        MetaEntry unit = md.get("/usr/lib/systemd/system/var.mount");
        assertEquals(0644, unit.mode());
        assertEquals(0L, unit.uid());
        // the record holds ids; the image gets the target's own name for them
        java.util.List<MetaEntry> listed = new java.util.ArrayList<>();
        dev.rootfs.fs.TargetRoot target = dev.rootfs.fs.TargetRoot.open(root);
        dev.rootfs.fs.Listing.generate(target, md, dev.rootfs.fs.UserDb.load(target),
                new dev.rootfs.fs.Listing.Options(false, false), listed::add);
        assertEquals("root", listed.stream().filter(e -> e.path().equals(unit.path())).findFirst().orElseThrow()
                .uname());
        assertEquals(FileType.LINK, md.get("/usr/lib/systemd/system/local-fs.target.wants/var.mount").type());
        assertTrue(Files.readString(tmp.resolve("reports/generate-overlay-units.json")).contains("\"goal\""));
        assertTrue(new OrderingGraph(UnitTexts.units(root)).findCycle().isEmpty());
    }

    @Test
    void rerunGivesTheSameTree() throws Exception {
        Path root = TestTargets.debian(tmp);
        run(TestTargets.request(root));
        byte[] first = Files.readAllBytes(root.resolve(SYSTEM + "var.mount"));
        String md = Files.readString(tmp.resolve("rootfs.mtree"));
        OverlayUnitGenerator.Result again = run(TestTargets.request(root));
        assertEquals(3, again.report().counter("applied"), "only the systemd, kernel and plan records; no file written");
        assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(root.resolve(SYSTEM + "var.mount"))));
        assertEquals(md, Files.readString(tmp.resolve("rootfs.mtree")));
    }

    @Test
    void upperGetsTheLowersOwnerAndModeFromTheMetadata() throws Exception {
        Path root = TestTargets.debian(tmp);
        Files.writeString(tmp.resolve("rootfs.mtree"), "#mtree\n./var type=dir mode=2775 uid=0 gid=101\n");
        run(TestTargets.request(root));
        String service = Files.readString(root.resolve(SYSTEM + "rootfs-overlay-var.service"));
        assertTrue(service.contains("ExecStart=/usr/bin/chown 0:101 /run/rootfs-overlay/var/storage/upper\n"));
        assertTrue(service.contains("ExecStart=/usr/bin/chmod 2775 /run/rootfs-overlay/var/storage/upper\n"));
    }

    @Test
    void systemd256CreatesPlainUpperItself() throws Exception {
        Path root = TestTargets.debian(tmp);
        Files.delete(root.resolve("usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so"));
        TestTargets.file(root, "usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-257.so", "", "rw-r--r--");
        assertEquals(257, run(TestTargets.request(root)).systemd().version());
        String service = Files.readString(root.resolve(SYSTEM + "rootfs-overlay-var.service"));
        assertTrue(service.contains("ExecStart=/usr/bin/mkdir -p /run/rootfs-overlay/var/lower\n"), service);
        assertFalse(service.contains("chown"));
        // a lower that is not 0755 root:root still needs the prepare step
        Files.writeString(tmp.resolve("rootfs.mtree"), "#mtree\n./var type=dir mode=0750 uid=0 gid=0\n");
        run(TestTargets.request(root));
        assertTrue(Files.readString(root.resolve(SYSTEM + "rootfs-overlay-var.service")).contains("chmod 0750"));
    }

    @Test
    void persistentDeviceWithFallback() throws Exception {
        Path root = TestTargets.debian(tmp);
        run(with(TestTargets.request(root), List.of("/var"), TestTargets.device(true), List.of()));
        String mount = Files.readString(root.resolve(SYSTEM + "var.mount"));
        assertTrue(mount.contains("upperdir=/run/rootfs-overlay/var/storage/var/upper,"
                + "workdir=/run/rootfs-overlay/var/storage/var/work,redirect_dir=off,index=off,xino=off,metacopy=off"),
                mount);
        String fallback = Files.readString(root.resolve(SYSTEM + "rootfs-overlay-var-fallback.service"));
        assertTrue(fallback.contains("ConditionPathIsMountPoint=!/run/rootfs-overlay/var/storage\n"), fallback);
        assertTrue(Files.readString(root.resolve(SYSTEM + "dev-disk-by\\x2dlabel-data.device.d/rootfs-overlay.conf"))
                .contains("JobRunningTimeoutSec=10s"));
        assertTrue(Files.readString(root.resolve(SYSTEM + "rootfs-overlay-var.service"))
                .contains("Wants=run-rootfs\\x2doverlay-var-storage.mount rootfs-overlay-var-fallback.service"));
        assertTrue(new OrderingGraph(UnitTexts.units(root)).findCycle().isEmpty());
    }

    @Test
    void mountPointStorageIsNotBeforeLocalFsPre() throws Exception {
        Path root = TestTargets.debian(tmp);
        run(with(TestTargets.request(root), List.of("/var"), TestTargets.mountPoint(false), List.of()));
        String service = Files.readString(root.resolve(SYSTEM + "rootfs-overlay-var.service"));
        assertTrue(service.contains("RequiresMountsFor=/data\n"));
        assertTrue(service.contains("Before=var.mount\n"), service);
        assertTrue(Files.isDirectory(root.resolve("data/rootfs-overlay/var")));
        assertTrue(new OrderingGraph(UnitTexts.units(root)).findCycle().isEmpty());
    }

    @Test
    void perImageVersionDirectories() throws Exception {
        Path root = TestTargets.debian(tmp);
        Request r = TestTargets.request(root);
        run(r.with(b -> b.storage(TestTargets.device(false)).perImageVersion(true)));
        assertTrue(Files.readString(root.resolve(SYSTEM + "var.mount"))
                .contains("upperdir=/run/rootfs-overlay/var/storage/var/1.4.2/upper"));
    }

    @Test
    void removesUnitsOfPathsNoLongerConfigured() throws Exception {
        Path root = TestTargets.debian(tmp);
        TestTargets.dir(root, "srv", "rwxr-xr-x");
        run(with(TestTargets.request(root), List.of("/var", "/srv"), UpperStorage.tmpfs(), List.of()));
        assertTrue(Files.exists(root.resolve(SYSTEM + "srv.mount")));
        run(TestTargets.request(root));
        assertFalse(Files.exists(root.resolve(SYSTEM + "srv.mount")));
        assertFalse(Files.exists(root.resolve(SYSTEM + "local-fs.target.wants/srv.mount"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.readString(tmp.resolve("rootfs.mtree")).contains("srv.mount"));
    }

    @Test
    void badPathsAreClearErrors() throws Exception {
        Path root = TestTargets.debian(tmp);
        Request r = TestTargets.request(root);
        String m = failure(with(r, List.of("var", "/var", "/var/lib", "/etc/x", "/", "/a,b"), UpperStorage.tmpfs(),
                List.of()));
        assertTrue(m.contains("'var' is relative"), m);
        assertTrue(m.contains("/var and /var/lib overlap"), m);
        assertTrue(m.contains("'/etc/x' lies under /etc"), m);
        assertTrue(m.contains("'/' is the root"), m);
        assertTrue(m.contains("has a ','"), m);
        assertFalse(Files.exists(root.resolve(SYSTEM)), "nothing written");
    }

    @Test
    void symlinkedPathFails() throws Exception {
        Path root = TestTargets.debian(tmp);
        Files.createSymbolicLink(root.resolve("srv"), Path.of("var/lib"));
        String m = failure(with(TestTargets.request(root), List.of("/srv"), UpperStorage.tmpfs(), List.of()));
        assertTrue(m.contains("/srv: is a symlink in the target (-> var/lib)"), m);
        m = failure(with(TestTargets.request(root), List.of("/srv/x"), UpperStorage.tmpfs(), List.of()));
        assertTrue(m.contains("a parent directory is a symlink"), m);
        m = failure(with(TestTargets.request(root), List.of("/home"), UpperStorage.tmpfs(), List.of()));
        assertTrue(m.contains("/home: does not exist in the target"), m);
    }

    @Test
    void badStorageAndOptionsAreClearErrors() throws Exception {
        Path root = TestTargets.debian(tmp);
        UpperStorage vfat = new UpperStorage(UpperStorage.Kind.DEVICE, "lots", "999", "/dev/sda3", "vfat", "ro",
                "soon", null, true);
        String m = failure(with(TestTargets.request(root), List.of("/var"), vfat,
                List.of("index=maybe", "foo=1", "upperdir=/x", "metacopy=on")));
        assertTrue(m.contains("'vfat' is not a file system that can hold an overlayfs upper"), m);
        assertTrue(m.contains("'index=maybe': overlayfs accepts index=off|on"), m);
        assertTrue(m.contains("'foo=1': overlayfs has no option 'foo'"), m);
        assertTrue(m.contains("'upperdir=/x': the layer directories are set by the goal"), m);
        assertTrue(m.contains("metacopy=on needs redirect_dir=on"), m);
        assertTrue(m.contains("'lots' is not a tmpfs size"), m);
        assertTrue(m.contains("cannot be mounted read-only"), m);
        assertTrue(m.contains("'soon' is not a systemd time span"), m);
        assertThrows(dev.rootfs.report.ConfigurationException.class, () -> UpperStorage.Kind.parse("nfs"));
    }

    @Test
    void kernelWithoutOverlayfsFailsOrWarns() throws Exception {
        Path root = TestTargets.debian(tmp);
        Files.delete(root.resolve("lib/modules/6.1.0-test/kernel/fs/overlayfs/overlay.ko"));
        String m = failure(TestTargets.request(root));
        assertTrue(m.contains("kernel 6.1.0-test has no overlayfs"), m);
        Request r = TestTargets.request(root);
        OverlayUnitGenerator.Result res = run(r.with(b -> b.overlayCheck(Check.WARN)));
        assertEquals(1, res.report().problems().size());
        TestTargets.file(root, "boot/config-6.1.0-test", "CONFIG_OVERLAY_FS=y\n", "rw-r--r--");
        assertTrue(run(TestTargets.request(root)).report().problems().isEmpty());
    }

    @Test
    void missingSystemdVersionIsAnError() throws Exception {
        Path root = TestTargets.debian(tmp);
        Files.delete(root.resolve("usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so"));
        assertTrue(failure(TestTargets.request(root)).contains("set systemdVersion"));
    }

    @Test
    void foreignUnitIsNotOverwritten() throws Exception {
        Path root = TestTargets.debian(tmp);
        TestTargets.file(root, SYSTEM + "var.mount", "[Mount]\nWhat=tmpfs\n", "rw-r--r--");
        String m = failure(TestTargets.request(root));
        assertTrue(m.contains("var.mount: exists and was not generated by generate-overlay-units"), m);
        assertEquals("[Mount]\nWhat=tmpfs\n", Files.readString(root.resolve(SYSTEM + "var.mount")));
    }

    @Test
    void orderingGraphFindsACycle() {
        UnitFile a = new UnitFile("a.service").set("Unit", "Before", "b.service");
        UnitFile b = new UnitFile("b.service").set("Unit", "Before", "a.service");
        assertEquals(List.of("a.service", "b.service", "a.service"), new OrderingGraph(List.of(a, b)).findCycle());
        UnitFile mp = new UnitFile("c.service").set("Unit", "RequiresMountsFor", "/data")
                .set("Unit", "Before", "local-fs-pre.target");
        assertFalse(new OrderingGraph(List.of(mp)).findCycle().isEmpty(), "fstab mounts follow local-fs-pre");
    }
}
