// Builds the staged root an overlay IT starts from: Debian-like, systemd 252, an overlayfs module,
// the programs the units run, and /var with content. Modes are set explicitly (git keeps none).
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions

Path root = basedir.toPath().resolve('target/rootfs')
def perms = { Path p, String mode -> Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode)) }
def dir = { String rel, String mode = 'rwxr-xr-x' ->
    Path p = root.resolve(rel)
    Files.createDirectories(p)
    // parents too, so no umask leaks into the listing
    for (Path q = p; q != root; q = q.parent) { perms(q, 'rwxr-xr-x') }
    perms(p, mode)
    p
}
def file = { String rel, String content, String mode = 'rw-r--r--' ->
    Path p = root.resolve(rel)
    dir(root.relativize(p.parent).toString())
    Files.writeString(p, content)
    perms(p, mode)
}
dir('.')
file('usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so', '')
file('lib/modules/6.1.0-test/kernel/fs/overlayfs/overlay.ko', '')
['mkdir', 'mount', 'chown', 'chmod', 'echo'].each { file("usr/bin/$it", '', 'rwxr-xr-x') }
file('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n')
file('etc/group', 'root:x:0:\nsystemd-journal:x:101:\n')
file('etc/os-release', 'ID=debian\nVERSION_ID="12"\nIMAGE_VERSION=2.0.1\n')
dir('var/log/journal')
file('var/log/README', 'built into the image\n')
// owners an unprivileged build cannot keep on disk live in the metadata
Files.writeString(basedir.toPath().resolve('target/rootfs.mtree'), '#mtree\n./var/log/journal type=dir mode=2755 uid=0 gid=101\n')
(binding.hasVariable('extraDirs') ? extraDirs : []).each { dir(it) }
return true
