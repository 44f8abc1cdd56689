dev.rootfs.testing.Golden.assertListing(new File(basedir, 'expected.mtree'),
        new File(basedir, 'target/rootfs-manifest.mtree'))
// the metadata is written back sorted, comments gone, types completed
def md = new File(basedir, 'rootfs.mtree').text
assert md.startsWith('#mtree\n./dev type=dir mode=0755\n./dev/console type=char')
assert !md.contains('# owners')
return true
