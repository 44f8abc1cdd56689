evaluate(new File(itSupport, 'compare-listing.groovy'))
assert new File(basedir, 'build.log').text.contains('Overlay units for ')
assert new File(basedir, 'target/rootfs/usr/lib/systemd/system/var.mount').text.contains('/storage/var/2.0.1/upper')
