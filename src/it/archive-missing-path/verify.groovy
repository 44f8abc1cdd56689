String log = new File(basedir, 'build.log').text
assert log.contains('/etc/shadow: the metadata records this path but the root has no such node')
assert log.contains('/dev/console: the metadata records this path but the root has no such node')
assert !log.contains('Exception:') || !log.contains('\tat dev.rootfs') : 'no stack trace for bad input'
File target = new File(basedir, 'target')
assert !new File(target, 'rootfs.tar').exists()
assert !new File(target, '.rootfs.tar.tmp').exists()
evaluate(new File(itSupport, 'tree-listing.groovy'))
assertTreeUnchanged(new File(basedir, 'target/rootfs'), new File(basedir, 'rootfs.mtree'))
true
