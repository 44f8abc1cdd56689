// The staged root with its metadata, as the manifest goal lists it, must match the golden listing.
dev.rootfs.testing.Golden.assertListing(new File(basedir, 'expected.mtree'),
        new File(basedir, 'target/rootfs-manifest.mtree'))
def log = new File(basedir, 'build.log').text
assert log.contains('Staged 6 layers into ')
assert new File(basedir, 'target/rootfs-reports/stage.json').isFile()
// nothing of the staging is left beside the root
assert !new File(basedir, 'target/.rootfs.rootfs-stage').exists()
return true
