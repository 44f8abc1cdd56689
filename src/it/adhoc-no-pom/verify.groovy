// Every goal of the plugin, run ad hoc as the README shows (`mvn GROUP:ARTIFACT:VERSION:GOAL -Drootfs....`) in an
// empty folder without a pom: it succeeds, its defaults land in ./target of that folder, and no folder named
// after an uninterpolated ${project.basedir} appears. The goals are read from the plugin's own descriptor, so a
// new goal fails here until it has its ad-hoc arguments below.
import java.nio.file.Files
import java.nio.file.LinkOption
import java.nio.file.StandardCopyOption
import java.util.zip.ZipFile
import javax.xml.parsers.DocumentBuilderFactory

def plugin = (new File(basedir, 'pom.xml').text =~ /<rootfs.plugin>([^<]+)</)[0][1]
def (group, artifact, version) = plugin.tokenize(':')
def jar = new File(localRepositoryPath, "${group.replace('.', '/')}/$artifact/$version/$artifact-${version}.jar")
def zip = new ZipFile(jar)
def descriptor = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(zip.getInputStream(zip.getEntry('META-INF/maven/plugin.xml')))
def mojos = descriptor.getElementsByTagName('mojo')
def goals = (0..<mojos.length).collect { i ->
    def kids = mojos.item(i).childNodes
    (0..<kids.length).collect { kids.item(it) }.find { it.nodeName == 'goal' }.textContent
}.findAll { it != 'help' }
zip.close()

// what each goal needs beyond the root; outputs are left at their defaults
def adHoc = [
    'manifest'              : [],
    'archive'               : [],
    'populate-var'          : ['-Drootfs.systemdVersion=252'],
    'generate-factory'      : ['-Drootfs.systemdVersion=252'],
    'generate-overlay-units': ['-Drootfs.systemdVersion=252'],
    // rebuilds the root from the same tree
    'stage'                 : ["-Drootfs.trees=${new File(basedir, 'rootfs').path}"],
    'image'                 : ['-Drootfs.imageType=ext4'],
    'create-users'          : ['-Drootfs.systemdVersion=252'],
    'enable-units'          : ['-Drootfs.systemdVersion=252'],
]
def unknown = goals - adHoc.keySet()
assert unknown.isEmpty() : "goals without ad-hoc arguments in this test: $unknown"

evaluate(new File(itSupport, 'maven-build.groovy'))
def work = new File(basedir, 'target/adhoc')
goals.each { goal ->
    def dir = new File(work, goal)
    def root = new File(dir, 'root')
    def run = new File(dir, 'run')
    run.mkdirs()
    def src = new File(basedir, 'rootfs').toPath()
    Files.walk(src).sorted().each { p ->
        def to = root.toPath().resolve(src.relativize(p).toString())
        Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS)
    }
    new File(root, 'usr/share/factory/var/lib/app/templates/empty').mkdirs()
    new File(root, 'var/lib').mkdirs() // git keeps no empty directories
    // what the overlay units need of a real root: the overlayfs module and the programs they run
    def ko = new File(root, 'lib/modules/6.1.0-test/kernel/fs/overlayfs/overlay.ko')
    ko.parentFile.mkdirs()
    ko.text = ''
    ['mkdir', 'mount', 'chown', 'chmod', 'echo'].each {
        def f = new File(root, "usr/bin/$it")
        f.parentFile.mkdirs()
        f.text = ''
        f.setExecutable(true, false)
    }
    def (rc, out) = mavenBuild(run, ["$plugin:$goal", "-Drootfs.directory=${root.path}",
                                     '-Drootfs.applyOwnership=never'] + adHoc[goal])
    new File(dir, 'build.log').text = out
    assert rc == 0 : "$goal ad hoc failed:\n$out"
    def strays = []
    dir.eachFileRecurse { if (it.name.contains('${')) strays << it }
    assert strays.isEmpty() : "$goal made uninterpolated paths: $strays"
    assert new File(run, "target/rootfs-reports/${goal}.json").isFile() : "$goal: no report in ./target:\n$out"
    println "ad hoc $goal: ${new File(run, 'target').list().sort()}"
}
assert new File(work, 'archive/run/target/rootfs.tar').isFile()
assert new File(work, 'manifest/run/target/rootfs-manifest.mtree').isFile()
assert new File(work, 'image/run/target/rootfs.ext4').isFile()
return true
