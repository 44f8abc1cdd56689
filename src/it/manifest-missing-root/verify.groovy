def log = new File(basedir, 'build.log').text
def expected = 'root directory ' + new File(basedir, 'no-such-root').canonicalPath + ' does not exist'
assert log.contains(': ' + expected + ' -> [Help 1]') : 'a one-line reason: ' + log
// the invoker runs with -e, which prints Maven's own trace; a bad-input failure has no cause behind it
assert log.readLines().findAll { it.startsWith('Caused by:') }.every { it.contains('MojoFailureException') } :
        'no exception behind a bad-input failure'
assert !new File(basedir, 'target/rootfs-manifest.mtree').exists()
return true
