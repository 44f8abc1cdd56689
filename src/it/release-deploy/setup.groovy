// A copy of the example firmware project, as a team would start from it, using the plugin under test.
import java.nio.file.*

Path example = new File(itSupport, '../../../examples/firmware').toPath().normalize()
Path copy = basedir.toPath().resolve('firmware')
Files.walk(example).filter { !it.toString().contains('/target') }.sorted().each { Path p ->
    Path to = copy.resolve(example.relativize(p).toString())
    if (Files.isDirectory(p)) {
        Files.createDirectories(to)
    } else {
        Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING)
    }
}
def version = (new File(basedir, 'pom.xml').text =~ /<rootfs.plugin.version>([^<]+)</)[0][1]
def pom = copy.resolve('pom.xml').toFile()
pom.text = pom.text.replaceFirst(/<rootfs.plugin.version>[^<]+</, "<rootfs.plugin.version>$version<")
return true
