// later trees win over earlier layers; owners and the device only in the metadata
def root = new File(basedir, 'target/rootfs')
assert new File(root, 'etc/hostname').text == 'two\n'
assert new File(root, 'etc/issue').text == 'issue\n'
assert new File(root, 'etc/shadow').text == 'root:*:1::::::\n'
assert new File(basedir, 'target/rootfs.mtree').text == '''#mtree
./dev/console type=char mode=0600 uid=0 gid=5 device=native,5,1
./etc/shadow type=file mode=0640 uid=0 gid=42
'''
return true
