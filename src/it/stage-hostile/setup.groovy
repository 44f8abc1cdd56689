// A previous root and its metadata, a sentinel folder beside them, and the hostile archive:
// entry 1 "escape -> <sentinel>", entry 2 "escape/owned" (through that symlink).
import org.apache.commons.compress.archivers.tar.*

def target = new File(basedir, 'target')
new File(target, 'rootfs/etc').mkdirs()
new File(target, 'rootfs/etc/hostname').text = 'previous\n'
new File(target, 'rootfs.mtree').text = '#mtree\n./etc/hostname type=file mode=0644 uid=0 gid=42\n'
def sentinel = new File(target, 'sentinel')
sentinel.mkdirs()
new File(sentinel, 'keep').text = 'keep\n'
new File(target, 'hostile.tar').withOutputStream { out ->
    def tar = new TarArchiveOutputStream(out)
    def link = new TarArchiveEntry('escape', TarConstants.LF_SYMLINK)
    link.linkName = sentinel.absolutePath
    tar.putArchiveEntry(link)
    tar.closeArchiveEntry()
    def f = new TarArchiveEntry('escape/owned')
    byte[] data = 'pwned\n'.bytes
    f.size = data.length
    tar.putArchiveEntry(f)
    tar.write(data)
    tar.closeArchiveEntry()
    tar.close()
}
return true
