dev.rootfs.testing.Golden.assertListing(new File(basedir, 'expected.mtree'),
        new File(basedir, 'target/rootfs-manifest.mtree'))
def log = new File(basedir, 'build.log').text
assert log.contains('Manifest of 12 entries written to')
assert new File(basedir, 'target/rootfs-reports/manifest.json').text.contains('"entries": 12')
return true
