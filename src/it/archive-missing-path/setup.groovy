import java.nio.file.*
Path root = basedir.toPath().resolve('target/rootfs/etc')
Files.createDirectories(root)
Files.writeString(root.resolve('hostname'), 'box\n')
evaluate(new File(itSupport, 'tree-listing.groovy'))
saveTree(new File(basedir, 'target/rootfs'), new File(basedir, 'rootfs.mtree'))
true
