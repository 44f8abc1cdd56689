// the tree before the run, which the refused run must leave as it was
evaluate(new File(itSupport, 'tree-listing.groovy'))
saveTree(new File(basedir, 'rootfs'), new File(basedir, 'target/rootfs.mtree'))
return true
