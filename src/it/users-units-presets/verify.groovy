// expected.mtree: the links are those systemctl --root preset-all of 257 makes for this root, plus the empty
// /etc/machine-id that a read-only root needs for a transient id
dev.rootfs.testing.Golden.assertListing(new File(basedir, 'expected.mtree'),
        new File(basedir, 'target/rootfs-manifest.mtree'))
def log = new File(basedir, 'build.log').text
assert log.contains('Presets applied: 5 links created, 0 removed; empty /etc/machine-id written') : log
return true
