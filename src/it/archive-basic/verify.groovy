// The archive as GNU tar and cpio list it must match the golden listings; the second run must be identical.
import java.nio.file.*

def run = { List<String> cmd ->
    def pb = new ProcessBuilder(cmd).directory(basedir).redirectErrorStream(true)
    pb.environment().put('TZ', 'UTC')
    pb.environment().put('LC_ALL', 'C')
    def p = pb.start()
    String out = p.inputStream.text
    assert p.waitFor() == 0 : "${cmd.join(' ')} failed:\n$out"
    out
}
def golden = { String name, String actual ->
    String expected = new File(basedir, "expected/$name").text
    assert actual == expected : "$name differs from expected/$name:\n$actual"
}

File tar = new File(basedir, 'target/rootfs.tar')
assert tar.isFile()
golden('rootfs.tar.txt', run(['tar', '--numeric-owner', '--xattrs', '--xattrs-include=*', '-tvvf', tar.path]))
golden('initramfs.cpio.txt', run(['bsdtar', '-tvnf', 'target/initramfs.cpio.gz']).replaceAll(/ +/, ' '))
assert Arrays.equals(tar.bytes, new File(basedir, 'target/rootfs-again.tar').bytes) : 'two runs differ'
golden('device_table.txt', new File(basedir, 'target/device_table.txt').text)
golden('rootfs.pseudo', new File(basedir, 'target/rootfs.pseudo').text)

String log = new File(basedir, 'build.log').text
// the summary line counts what the archive holds
int listed = run(['tar', '-tf', tar.path]).readLines().size()
assert log.contains("Archived $listed entries") : "the summary does not say $listed entries"
// attached and installed with its classifier
File repo = new File(localRepositoryPath, 'it/rootfs/archive-basic/1.0')
assert new File(repo, 'archive-basic-1.0-rootfs.tar').isFile()
assert new File(repo, 'archive-basic-1.0-initramfs.cpio.gz').isFile()
true
