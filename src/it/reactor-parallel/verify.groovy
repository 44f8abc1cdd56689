// Both modules built, in parallel, each its own image from the shared base with its own host name; the two
// roots and metadata files are separate.
def log = new File(basedir, 'build.log').text
assert log.contains('Using the MultiThreadedBuilder') || log.contains('multi-threaded') : 'the build ran with -T 2'
['gateway', 'sensor'].each { m ->
    def target = new File(basedir, "$m/target")
    assert new File(target, 'rootfs.tar').isFile() : m
    assert new File(target, 'rootfs/etc/hostname').text == "$m\n"
    assert new File(target, 'rootfs/etc/tmpfiles.d/spool.conf').isFile() : "$m has the base"
    def manifest = new File(target, 'rootfs-manifest.mtree').text
    assert manifest.contains('./var/lib/app type=dir') : "$m: populate-var ran"
}
def tar = { m -> ['tar', '-tf', new File(basedir, "$m/target/rootfs.tar").path].execute().text.readLines().sort() }
assert tar('gateway') == tar('sensor')
return true
