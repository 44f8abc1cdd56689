// A staged Debian-like root for the factory ITs, built in target/rootfs (git keeps no modes, empty
// directories or dangling links). `version` picks the libsystemd-shared name; `var` fills /var.
import java.nio.file.*

Path root = basedir.toPath().resolve('target/rootfs')
def mode = { Path p, int m -> Files.setAttribute(p, 'unix:mode', m, LinkOption.NOFOLLOW_LINKS) }
def dir = { String rel, int m = 0755 ->
    Path p = root.resolve(rel)
    Files.createDirectories(p)
    for (Path q = p; q != root.parent; q = q.parent) { if (q != p) mode(q, 0755) }
    mode(p, m)
    p
}
def file = { String rel, String text, int m = 0644 ->
    Path p = root.resolve(rel)
    dir(root.relativize(p.parent).toString())
    Files.writeString(p, text)
    mode(p, m)
    p
}
def link = { String rel, String target ->
    Path p = root.resolve(rel)
    dir(root.relativize(p.parent).toString())
    Files.createSymbolicLink(p, Paths.get(target))
}
dir('.')
file("usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-${version}.so", '')
file('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nsystemd-journal:x:101:101::/:\napp:x:1000:1000::/:\n')
file('etc/group', 'root:x:0:\nsystemd-journal:x:101:\napp:x:1000:\n')
dir('var')
return [dir: dir, file: file, link: link, root: root]
