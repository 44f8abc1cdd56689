// Compares the canonical listing the manifest goal wrote with the golden expected.mtree, line by line,
// and checks that every goal of the case's pom wrote its report. A file whose content differs is shown line
// by line. With UPDATE_GOLDEN=1 the clone's expected.mtree is rewritten (target/it/<case>/), to be reviewed
// and copied to src/it/<case>/.
def actual = new File(basedir, 'target/rootfs-manifest.mtree')
def expected = new File(basedir, 'expected.mtree')
def root = new File(basedir, 'target/rootfs')
assert actual.isFile() : "no listing at $actual"
if (System.getenv('UPDATE_GOLDEN')) {
    expected.text = actual.text
}
def a = actual.readLines()
def e = expected.readLines()
def missing = e - a
def extra = a - e
if (missing || extra) {
    println 'listing differs from expected.mtree:'
    missing.each { println "- $it" }
    extra.each { println "+ $it" }
    // for a file whose content changed, the lines it holds now (the listing keeps only the old digest)
    def path = { String line -> line.split(' ')[0] }
    def changed = extra.findAll { it.contains(' type=file ') }*.with(path).intersect(missing*.with(path))
    changed.each { String p ->
        File f = new File(root, dev.rootfs.fs.MtreeEscaping.unescape(p.substring(2)))
        if (f.isFile()) {
            println "content of $p now:"
            f.readLines().eachWithIndex { String l, int i -> println String.format('%4d| %s', i + 1, l) }
        }
    }
}
// a path-by-path difference, then the exact lines (order included)
dev.rootfs.testing.Golden.assertListing(expected, actual)
assert !missing && !extra : "${missing.size()} missing and ${extra.size()} extra lines"
assert a == e : 'same lines, different order'
def goals = (new File(basedir, 'pom.xml').text =~ /<goal>([^<]+)<\/goal>/).collect { it[1] }.unique()
assert goals : 'the case names no goal'
goals.each { String g ->
    assert new File(basedir, "target/rootfs-reports/${g}.json").isFile() : "no report of $g"
}
return true
