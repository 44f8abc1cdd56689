// Buildroot pitfall 16: a var.mount the user put into the image is not overwritten.
binding.setVariable('version', 252)
def t = evaluate(new File(itSupport, 'factory-target.groovy'))
t.file('var/lib/app/config', 'config\n')
t.file('usr/lib/systemd/system/var.mount', '[Mount]\nWhat=/dev/mmcblk0p4\nWhere=/var\nType=ext4\n')
evaluate(new File(itSupport, 'tree-listing.groovy'))
saveTree(new File(basedir, 'target/rootfs'), new File(basedir, 'target/rootfs.mtree'))
return true
