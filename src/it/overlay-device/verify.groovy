evaluate(new File(itSupport, 'compare-listing.groovy'))
assert !new File(basedir, 'target/rootfs/usr/lib/systemd/system/rootfs-overlay-var-fallback.service').exists()
