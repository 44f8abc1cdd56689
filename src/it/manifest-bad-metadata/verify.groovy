def log = new File(basedir, 'build.log').text
def md = new File(basedir, 'rootfs.mtree')
assert log.contains('invalid metadata, nothing was written:') : log
assert log.contains(md.path + ":3: mode must be octal, got '0o644'") : log
assert log.contains(md.path + ":4: unknown type 'sock'") : log
// the invoker runs with -e, which prints Maven's own trace; a bad-input failure has no cause behind it
assert log.readLines().findAll { it.startsWith('Caused by:') }.every { it.contains('MojoFailureException') } :
        'no exception behind a bad-input failure'
assert !new File(basedir, 'target/rootfs-manifest.mtree').exists()
assert md.text.contains('0o644') : 'the metadata is left as it was'
evaluate(new File(itSupport, 'tree-listing.groovy'))
assertTreeUnchanged(new File(basedir, 'rootfs'), new File(basedir, 'rootfs.mtree'))
return true
