def log = new File(basedir, 'build.log').text
def conf = '/usr/lib/tmpfiles.d/app.conf' // diagnostics name files as the target sees them
assert log.contains('3 invalid tmpfiles.d lines, nothing was changed') : log
assert log.contains(conf + ":2: Unknown command type 'Y'.") : log
assert log.contains(conf + ":3: Path 'var/lib/relative' not absolute.") : log
assert log.contains(conf + ":4: Invalid mode '0o755'.") : log
// an unknown user skips its line with a report entry; it is not a reason to fail
assert !log.contains(conf + ':5:') : log
assert log.readLines().findAll { it.startsWith('Caused by:') }.every { it.contains('MojoFailureException') } :
        'no exception behind a bad-input failure'
assert !new File(basedir, 'rootfs/var').exists() : 'nothing was changed'
evaluate(new File(itSupport, 'tree-listing.groovy'))
assertTreeUnchanged(new File(basedir, 'rootfs'), new File(basedir, 'target/rootfs.mtree'))
return true
