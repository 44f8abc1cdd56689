import java.nio.file.*
Path root = basedir.toPath().resolve('target/rootfs/etc')
Files.createDirectories(root)
Files.writeString(root.resolve('hostname'), 'box\n')
true
