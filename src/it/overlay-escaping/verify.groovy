evaluate(new File(itSupport, 'compare-listing.groovy'))
assert new File(basedir, 'build.log').text.contains('Overlay units for ')
assert new File(basedir, 'target/rootfs/usr/lib/systemd/system/srv-web\\x2ddata-my\\x20app.mount').isFile()
