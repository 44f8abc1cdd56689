// expected.mtree: the account files are those systemd-sysusers 252 writes for this root (SOURCE_DATE_EPOCH of
// the output timestamp), /var/lib/app is owned by the user only sysusers.d declares
dev.rootfs.testing.Golden.assertListing(new File(basedir, 'expected.mtree'),
        new File(basedir, 'target/rootfs-manifest.mtree'))
def log = new File(basedir, 'build.log').text
assert log.contains('Created 1 user and 2 groups: group app-data=850 group app=999 user app=999') : log
def report = new File(basedir, 'target/rootfs-reports/create-users.json').text
assert report.contains('"goal": "create-users"') && report.contains('uid 999 gid 999') : report
return true
