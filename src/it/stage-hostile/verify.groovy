// The failure names the archive, the entry's index and name and the reason; nothing changed.
def log = new File(basedir, 'build.log').text
def hostile = new File(basedir, 'target/hostile.tar').path
assert log.contains("archive $hostile entry 2 'escape/owned': lies beyond a symlink") : log
assert log.contains('the root and its metadata were left as they were')
def target = new File(basedir, 'target')
assert new File(target, 'rootfs/etc/hostname').text == 'previous\n'
assert new File(target, 'rootfs').list().toList() == ['etc']
assert new File(target, 'rootfs.mtree').text == '#mtree\n./etc/hostname type=file mode=0644 uid=0 gid=42\n'
assert new File(target, 'sentinel').list().toList() == ['keep']
assert !new File(target, '.rootfs.rootfs-stage').exists()
return true
