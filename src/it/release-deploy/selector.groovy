// The release builds a squashfs image with dm-verity: it needs sqfstar 4.6+ (squashfs-tools; Debian 12's 4.5.1
// cannot set the root directory's owner) and veritysetup (cryptsetup-bin). Outside CI a machine without them
// skips this IT and says why; in CI it always runs (and fails if they are missing).
def dir = System.getenv('ROOTFS_IMAGE_TOOLS_DIR')
def onPath = { String tool ->
    ((dir ? [dir] : []) + System.getenv('PATH').tokenize(':')).any { new File(it, tool).canExecute() }
}
if (System.getenv('CI')) {
    return true
}
def sqfstar = dir && new File(dir, 'sqfstar').canExecute()
if (!sqfstar || !onPath('veritysetup')) {
    println "release-deploy skipped: needs sqfstar 4.6+ in ROOTFS_IMAGE_TOOLS_DIR (src/test/tools/fetch-image-tools.sh) " +
            "and veritysetup (cryptsetup-bin)"
    return false
}
return true
