def log = new File(basedir, 'build.log').text
assert log.contains('/var is a symlink to data/var; generate-factory needs /var to be a directory') : log
assert log.readLines().findAll { it.startsWith('Caused by:') }.every { it.contains('MojoFailureException') }
def root = new File(basedir, 'target/rootfs')
assert new File(root, 'data/var/lib/app/state').text == 'state\n'
assert !new File(root, 'usr/share/factory').exists()
evaluate(new File(itSupport, 'tree-listing.groovy'))
assertTreeUnchanged(new File(basedir, 'target/rootfs'), new File(basedir, 'target/rootfs.mtree'))
return true
