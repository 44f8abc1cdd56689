dev.rootfs.testing.Golden.assertListing(new File(basedir, 'expected.mtree'), new File(basedir, 'target/rootfs-manifest.mtree'))
def root = new File(basedir, 'target/rootfs')
assert new File(root, 'usr/share/factory/var/lib/systemd/catalog/database').text == 'catalog\n' : 'pitfall 1'
assert new File(root, 'usr/share/factory/etc/skel/.profile').text == 'profile\n' : 'pitfall 1'
def conf = new File(root, 'usr/lib/tmpfiles.d/00-rootfs-var-factory.conf').text
assert conf.contains('\nC+ /var - - - -\n') : 'pitfall 17: ' + conf
assert conf.contains('\nz /var/lib/app 0750 1000 1000 -\n') : conf
assert conf.contains('\nc /var/spool/ttyS9 0620 0 5 - 4:73\n') : conf
return true
