dev.rootfs.testing.Golden.assertListing(new File(basedir, 'expected.mtree'), new File(basedir, 'target/rootfs-manifest.mtree'))
def root = new File(basedir, 'target/rootfs')
def conf = new File(root, 'usr/lib/tmpfiles.d/00-rootfs-var-factory.conf').text
assert conf.contains('\nC /var - - - -\n') : conf
assert conf.contains('\nL /var/www - 0 0 - ../srv/www\n') : 'pitfall 4: ' + conf
assert conf.contains('\nL /var/cache/runtime - 0 0 - /run/app-cache\n') : 'pitfall 5: ' + conf
assert conf.contains('\nL /var/lib/systemd/deep/rel - 0 0 - ../../app/state db\n') : 'pitfall 6: ' + conf
assert conf.contains('\nC /var/lib/.updated 0644 0 0 -\n') : 'pitfall 10: ' + conf
assert conf.contains('\nC "/var/lib/app/state db" 0640 0 0 -\n') && conf.contains('\nC /var/lib/app/50%% 0644 0 0 -\n') &&
        conf.contains('\nC "/var/lib/app/q\\"uote" 0644 0 0 -\n') : 'pitfall 11: ' + conf
assert !(conf =~ /(?m)^[LpcbC]\+/) : 'pitfall 7: nothing destructive'
def unit = new File(root, 'usr/lib/systemd/system/var.mount').text
assert unit.contains('Options=mode=0755,') : 'pitfall 15: ' + unit
assert new File(root, 'var').list().length == 0
def log = new File(basedir, 'build.log').text
assert log.contains('Factory: moved 15 entries of /var into /usr/share/factory/var')
assert log.contains('Factory: moved 0 entries of /var into /usr/share/factory/var') : 'pitfall 2: the second run finds nothing to move'
return true
