def log = new File(basedir, 'build.log').text
assert log.contains('cannot move /var into /usr/share/factory/var, nothing was changed:') : log
assert log.contains('/var/lib/app/config: conflicts with /usr/share/factory/var/lib/app/config already in the factory') : log
def root = new File(basedir, 'target/rootfs')
assert new File(root, 'var/lib/app/config').text == 'new\n'
assert new File(root, 'var/lib/app/other').text == 'other\n'
assert new File(root, 'usr/share/factory/var/lib/app/config').text == 'old\n'
assert !new File(root, 'usr/lib/tmpfiles.d').exists()
evaluate(new File(itSupport, 'tree-listing.groovy'))
assertTreeUnchanged(new File(basedir, 'target/rootfs'), new File(basedir, 'target/rootfs.mtree'))
return true
