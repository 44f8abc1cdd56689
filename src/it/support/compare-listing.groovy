// Compares the canonical listing the manifest goal wrote with the golden expected.mtree, line by line,
// and checks the goal's report and summary. With UPDATE_GOLDEN=1 the clone's expected.mtree is rewritten
// (target/it/<case>/), to be reviewed and copied to src/it/<case>/.
def actual = new File(basedir, 'target/rootfs-manifest.mtree')
def expected = new File(basedir, 'expected.mtree')
assert actual.isFile() : "no listing at $actual"
if (System.getenv('UPDATE_GOLDEN')) {
    expected.text = actual.text
}
// a path-by-path difference first, then the exact lines (order included)
dev.rootfs.testing.Golden.assertListing(expected, actual)
def a = actual.readLines()
def e = expected.readLines()
def missing = e - a
def extra = a - e
if (missing || extra) {
    println 'listing differs from expected.mtree:'
    missing.each { println "- $it" }
    extra.each { println "+ $it" }
    assert false : "${missing.size()} missing and ${extra.size()} extra lines"
}
assert a == e : 'same lines, different order'
def report = new File(basedir, 'target/rootfs-reports/generate-overlay-units.json')
assert report.isFile()
def log = new File(basedir, 'build.log').text
assert log.contains('Overlay units for ')
return true
