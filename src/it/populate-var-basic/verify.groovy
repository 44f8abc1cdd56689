// expected.mtree is the listing of the tree systemd-tmpfiles 252 made from the same root as root
// (--create --boot --prefix=/var --exclude-prefix=/dev,/proc,/run,/sys,/tmp), with its real owners
dev.rootfs.testing.Golden.assertListing(new File(basedir, 'expected.mtree'),
        new File(basedir, 'target/rootfs-manifest.mtree'))
def log = new File(basedir, 'build.log').text
assert log.contains('populate-var: ') && log.contains(' applied, ') : log
def report = new File(basedir, 'target/rootfs-reports/populate-var.json').text
assert report.contains('"goal": "populate-var"') && report.contains('"systemd-version": 252') : report
return true
