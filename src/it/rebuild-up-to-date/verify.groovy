// The build invoker ran did the work; more builds of the same project show what reruns: nothing when nothing
// changed (outputs keep their mtime); only manifest for a manifest parameter; for a changed parameter of a goal
// that changes the root in place (populate-var), the staging and everything after it, never populate-var alone
// on a root whose /var the factory already moved; everything for a changed file of the staged tree, for an
// edited root, and with rootfs.force.
evaluate(new File(itSupport, 'maven-build.groovy'))
def build = { List<String> args ->
    def (rc, out) = mavenBuild(basedir, ['package'] + args)
    assert rc == 0 : out
    out
}
def goals = ['stage', 'populate-var', 'generate-factory', 'archive', 'manifest']
def upToDate = { String log -> goals.findAll { log.contains("$it: up to date") } }
def outputs = ['target/rootfs.tar', 'target/rootfs-manifest.mtree', 'target/rootfs.mtree', 'target/rootfs/usr']
def mtimes = { outputs.collectEntries { [(it): new File(basedir, it).lastModified()] } }
def factory = { new File(basedir, 'target/rootfs/usr/lib/tmpfiles.d/00-rootfs-var-factory.conf').text }

def first = new File(basedir, 'build.log').text
assert upToDate(first) == [] : 'the first build does the work'
def conf = factory()
def before = mtimes()
Thread.sleep(1100) // so that a rewrite would show in the mtime

def second = build([])
assert upToDate(second) == goals : second
assert mtimes() == before : 'nothing rewritten'

def digests = build(['-Drootfs.digests=false'])
assert upToDate(digests) == goals - 'manifest' : digests
assert !new File(basedir, 'target/rootfs-manifest.mtree').text.contains('sha256digest=')

// a parameter of populate-var, which changes the root in place: the root is staged again first
def prefixes = build(['-Drootfs.digests=false', '-Drootfs.prefixes=/var,/srv'])
assert upToDate(prefixes) == [] : prefixes
assert factory() == conf : 'populate-var ran on a freshly staged root, not on the factory-moved one'
assert upToDate(build(['-Drootfs.digests=false', '-Drootfs.prefixes=/var,/srv'])) == goals

new File(basedir, 'src/rootfs/etc/hostname').text = 'changed\n'
def tree = build(['-Drootfs.digests=false', '-Drootfs.prefixes=/var,/srv'])
assert upToDate(tree) == [] : tree
assert new File(basedir, 'target/rootfs/etc/hostname').text == 'changed\n'

new File(basedir, 'target/rootfs/etc/hostname').text = 'edited by hand\n'
def edited = build(['-Drootfs.digests=false', '-Drootfs.prefixes=/var,/srv'])
assert upToDate(edited) == [] : edited
assert new File(basedir, 'target/rootfs/etc/hostname').text == 'changed\n'

def forced = build(['-Drootfs.digests=false', '-Drootfs.prefixes=/var,/srv', '-Drootfs.force=true'])
assert upToDate(forced) == [] : forced
return true
