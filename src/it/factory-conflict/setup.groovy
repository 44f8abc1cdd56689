// A path in both /var and the factory with different content fails the build naming both; nothing moves.
binding.setVariable('version', 252)
def t = evaluate(new File(itSupport, 'factory-target.groovy'))
t.file('var/lib/app/config', 'new\n')
t.file('var/lib/app/other', 'other\n')
t.file('usr/share/factory/var/lib/app/config', 'old\n')
evaluate(new File(itSupport, 'tree-listing.groovy'))
saveTree(new File(basedir, 'target/rootfs'), new File(basedir, 'target/rootfs.mtree'))
return true
