// The base root is published by "another build": bsdtar makes it (owners, a setuid file, device nodes) from an
// mtree spec without root, and it goes into the local repository as it.rootfs:stage-base:1.0:tar.gz:rootfs.
def run = { List<String> cmd ->
    def p = new ProcessBuilder(cmd).directory(basedir).redirectErrorStream(true).start()
    String out = p.inputStream.text
    assert p.waitFor() == 0 : "${cmd.join(' ')} failed:\n$out"
}
new File(basedir, 'target').mkdirs()
def repo = new File(localRepositoryPath, 'it/rootfs/stage-base/1.0')
repo.mkdirs()
run(['bsdtar', '--format=pax', '-czf', new File(repo, 'stage-base-1.0-rootfs.tar.gz').path, '@base.mtree'])
new File(repo, 'stage-base-1.0.pom').text = '''<project><modelVersion>4.0.0</modelVersion><groupId>it.rootfs</groupId>
<artifactId>stage-base</artifactId><version>1.0</version><packaging>pom</packaging></project>'''
run(['bsdtar', '--format=pax', '-cf', 'target/extra.tar', '@extra.mtree'])
return true
