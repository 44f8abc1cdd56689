// Defines mavenBuild(dir, args): runs the Maven that runs the ITs again in dir, with the ITs' local repository
// and settings (so the plugin under test and its dependencies resolve from the build's own repository, as in
// the invoker's builds), and returns [exit code, output]. For ITs that run more builds than the invoker's one.
def itSettings = new File(itSupport, '../settings.xml').text.replace('@localRepositoryUrl@',
        new File(System.getProperty('user.home'), '.m2/repository').toURI().toString())
def settingsFile = File.createTempFile('it-settings', '.xml')
settingsFile.deleteOnExit()
settingsFile.text = itSettings
mavenBuild = { File dir, List args ->
    def mvn = new File(System.getProperty('maven.home'), 'bin/mvn').path
    def cmd = [mvn, '-B', '-ntp', '-s', settingsFile.path, "-Dmaven.repo.local=$localRepositoryPath"] + args
    def p = new ProcessBuilder(cmd.collect { it.toString() }).directory(dir).redirectErrorStream(true).start()
    def out = p.inputStream.text
    [p.waitFor(), out]
}
