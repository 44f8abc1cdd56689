// Buildroot pitfall 8: a symlinked /var is refused, and nothing is changed.
binding.setVariable('version', 252)
def t = evaluate(new File(itSupport, 'factory-target.groovy'))
t.file('data/var/lib/app/state', 'state\n')
java.nio.file.Files.delete(t.root.resolve('var'))
t.link('var', 'data/var')
evaluate(new File(itSupport, 'tree-listing.groovy'))
saveTree(new File(basedir, 'target/rootfs'), new File(basedir, 'target/rootfs.mtree'))
return true
