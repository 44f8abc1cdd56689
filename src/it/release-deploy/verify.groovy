// Releases the example twice, as maven-release-plugin's release:perform would build it (performRelease=true,
// which activates the release profile), deploying into two local file repositories, and checks what was
// deployed: every file with its classifier and extension, its checksums, and byte-identical releases.
import java.security.MessageDigest

evaluate(new File(itSupport, 'maven-build.groovy'))
def project = new File(basedir, 'firmware')
def tools = System.getenv('ROOTFS_IMAGE_TOOLS_DIR')
def release = { String name ->
    def repo = new File(basedir, "deployed-$name")
    def args = ['clean', 'deploy', '-DperformRelease=true', "-DaltDeploymentRepository=it::${repo.toURI()}"]
    if (tools) {
        args << "-Drootfs.imageToolDirectory=$tools"
    }
    def (rc, out) = mavenBuild(project, args)
    new File(basedir, "release-${name}.log").text = out
    assert rc == 0 : out
    new File(repo, 'com/example/firmware/example-firmware/1.0.0')
}
def first = release('1')
def second = release('2')

def name = 'example-firmware-1.0.0'
def expected = [
    // Maven's own release profile (performRelease) adds the sources and javadoc of the application jar
    "${name}.jar", "${name}.pom", "${name}-sources.jar", "${name}-javadoc.jar",
    "${name}-rootfs.tar", "${name}-rootfs-manifest.mtree",
    "${name}-rootfs.squashfs", "${name}-rootfs.squashfs.sha256",
    "${name}-rootfs-verity.squashfs.verity", "${name}-rootfs-verity.squashfs.verity.sha256",
    "${name}-rootfs-roothash.squashfs.roothash", "${name}-rootfs-roothash.squashfs.roothash.sha256",
    "${name}-rootfs-cmdline.squashfs.cmdline", "${name}-rootfs-cmdline.squashfs.cmdline.sha256",
]
expected = expected.collect { it.toString() }
def repositoryChecksum = { String f -> ['.sha1', '.md5', '.sha512'].any { f.endsWith(it) && expected.contains(f - it) } }
def all = first.list().findAll { !it.startsWith('maven-metadata') }.sort()
assert all.containsAll(expected) : "missing: ${expected - all}"
def unexpected = all.findAll { !expected.contains(it) && !repositoryChecksum(it) }
assert unexpected.isEmpty() : "unexpected: $unexpected"
def deployed = expected.sort()

def hex = { File f, String alg -> MessageDigest.getInstance(alg).digest(f.bytes).encodeHex().toString() }
deployed.each { f ->
    def file = new File(first, f)
    // Maven's repository checksums, and our own .sha256 of each image file
    assert new File(first, "${f}.sha1").text.trim() == hex(file, 'SHA-1') : f
    assert new File(first, "${f}.md5").text.trim() == hex(file, 'MD5') : f
    def sha = deployed.find { it == "${f}.sha256" }
    if (sha) {
        assert new File(first, sha).text.split(/\s+/)[0] == hex(file, 'SHA-256') : f
    }
    assert new File(second, f).bytes == file.bytes : "$f differs between two release builds"
}
def roothash = new File(first, "${name}-rootfs-roothash.squashfs.roothash").text.trim()
assert roothash ==~ /[0-9a-f]{64}/
assert new File(first, "${name}-rootfs-cmdline.squashfs.cmdline").text.contains("roothash=$roothash")
println "release-deploy: ${deployed.size()} files deployed, identical in two releases, root hash $roothash"
return true
