// The build invoker ran did the work; more builds of the same project then show what reruns: nothing when
// nothing changed (outputs keep their mtime), only manifest for a manifest parameter, everything for a changed
// root, everything with rootfs.force.
evaluate(new File(itSupport, 'maven-build.groovy'))
def build = { List<String> args ->
    def (rc, out) = mavenBuild(basedir, ['package'] + args)
    assert rc == 0 : out
    out
}
def upToDate = { String log -> ['populate-var', 'archive', 'manifest'].findAll { log.contains("$it: up to date") } }
def outputs = ['target/rootfs.tar', 'target/rootfs-manifest.mtree', 'target/rootfs.mtree', 'rootfs/var']
def mtimes = { outputs.collectEntries { [(it): new File(basedir, it).lastModified()] } }

def first = new File(basedir, 'build.log').text
assert upToDate(first) == [] : 'the first build does the work'
def before = mtimes()
Thread.sleep(1100) // so that a rewrite would show in the mtime

def second = build([])
assert upToDate(second) == ['populate-var', 'archive', 'manifest'] : second
assert mtimes() == before : 'nothing rewritten'

def digests = build(['-Drootfs.digests=false'])
assert upToDate(digests) == ['populate-var', 'archive'] : digests
assert !new File(basedir, 'target/rootfs-manifest.mtree').text.contains('sha256digest=')

new File(basedir, 'rootfs/etc/hostname').text = 'changed\n'
def changed = build(['-Drootfs.digests=false'])
assert upToDate(changed) == [] : changed

def forced = build(['-Drootfs.digests=false', '-Drootfs.force=true'])
assert upToDate(forced) == [] : forced
assert upToDate(build(['-Drootfs.digests=false'])) == ['populate-var', 'archive', 'manifest']
return true
