// Builds the target root: git keeps neither empty directories, fifos, hard links nor modes.
import java.nio.file.*

Path root = basedir.toPath().resolve('target/rootfs')
def write = { String p, String text -> Path f = root.resolve(p); Files.createDirectories(f.parent); Files.writeString(f, text); f }
write('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n')
write('etc/group', 'root:x:0:\ndisk:x:6:\nsystemd-journal:x:101:\napp:x:1000:\n')
Files.setAttribute(write('usr/bin/app', '#!/bin/sh\necho app\n'), 'unix:mode', 0755)
Files.createLink(root.resolve('usr/bin/app-again'), root.resolve('usr/bin/app'))
Files.setAttribute(write('usr/bin/ping', 'ELF pretend\n'), 'unix:mode', 0755)
write('usr/lib/libx.so.1', 'library\n')
Files.createSymbolicLink(root.resolve('usr/lib/libx.so'), Paths.get('libx.so.1'))
Files.createDirectories(root.resolve('dev'))
Files.createDirectories(root.resolve('run'))
assert ['mkfifo', '-m', '600', root.resolve('run/initctl').toString()].execute().waitFor() == 0
Files.createDirectories(root.resolve('tmp'))
Files.setAttribute(root.resolve('tmp'), 'unix:mode', 01777)
Files.createDirectories(root.resolve('var/log/journal'))
Files.createDirectories(root.resolve('home/app'))
[root, root.resolve('var'), root.resolve('var/log'), root.resolve('usr'), root.resolve('usr/bin'),
 root.resolve('usr/lib'), root.resolve('etc'), root.resolve('dev'), root.resolve('home')].each {
    Files.setAttribute(it, 'unix:mode', 0755)
}
true
