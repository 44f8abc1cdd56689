// The image and its verity files are attached and installed; a second build gives the same bytes; the tree
// verifies against the root hash; e2fsck finds nothing to fix.
import java.nio.file.*

def run = { List<String> cmd ->
    def p = new ProcessBuilder(cmd).directory(basedir).redirectErrorStream(true).start()
    String out = p.inputStream.text
    assert p.waitFor() == 0 : "${cmd.join(' ')} failed:\n$out"
    out
}
File target = new File(basedir, 'target')
for (String f : ['rootfs.ext4', 'rootfs.ext4.verity', 'rootfs.ext4.roothash', 'rootfs.ext4.cmdline']) {
    assert Arrays.equals(new File(target, f).bytes, new File(target, "again/$f").bytes) : "$f differs between builds"
}
String hash = new File(target, 'rootfs.ext4.roothash').text.trim()
run(['veritysetup', 'verify', 'target/rootfs.ext4', 'target/rootfs.ext4.verity', hash])
run(['e2fsck', '-fn', 'target/rootfs.ext4'])
String stat = run(['debugfs', '-R', 'stat /usr/bin/app', 'target/rootfs.ext4'])
assert stat.contains('Mode:  04750') : stat

File repo = new File(localRepositoryPath, 'it/rootfs/image-ext4-verity/1.0')
for (String f : ['rootfs.ext4', 'rootfs.ext4.sha256', 'rootfs-verity.ext4.verity', 'rootfs-verity.ext4.verity.sha256',
                 'rootfs-roothash.ext4.roothash', 'rootfs-cmdline.ext4.cmdline']) {
    assert new File(repo, "image-ext4-verity-1.0-$f").isFile() : "not installed: $f"
}
assert new File(target, 'rootfs-reports/image.json').text.contains(hash)
true
