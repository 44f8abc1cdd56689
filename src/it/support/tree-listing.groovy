// The whole state a refused run must leave as it was: every node under a root (type, mode, size and
// SHA-256 of files, link targets) and the metadata file's digest. setup.groovy saves it with
// saveTree(root, metadata); verify.groovy compares with assertTreeUnchanged(root, metadata), which prints the
// differing lines.
import java.nio.file.*
import java.security.MessageDigest

def sha = { Path p -> MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(p)).encodeHex().toString() }
def listing = { File rootDir, File metadata ->
    Path root = rootDir.toPath()
    List<String> lines = []
    if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        Files.walk(root).sorted().each { Path p ->
            def a = Files.readAttributes(p, 'unix:mode,size', LinkOption.NOFOLLOW_LINKS)
            String rel = './' + root.relativize(p).toString()
            String mode = Integer.toOctalString(a.mode & 07777)
            if (Files.isSymbolicLink(p)) {
                lines << "$rel link ${Files.readSymbolicLink(p)}"
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                lines << "$rel dir $mode"
            } else {
                lines << "$rel file $mode ${a.size} ${sha(p)}"
            }
        }
    } else {
        lines << "(no root at $root)"
    }
    lines << (metadata != null && metadata.isFile() ? "metadata ${sha(metadata.toPath())}" : 'metadata absent')
    lines
}
binding.setVariable('saveTree', { File root, File metadata ->
    new File(basedir, 'tree-before.txt').text = listing(root, metadata).join('\n') + '\n'
})
binding.setVariable('assertTreeUnchanged', { File root, File metadata ->
    List<String> before = new File(basedir, 'tree-before.txt').readLines()
    List<String> after = listing(root, metadata)
    if (before != after) {
        println 'the refused run changed the tree:'
        (before - after).each { println "- $it" }
        (after - before).each { println "+ $it" }
        assert false : 'the tree differs from the one before the run'
    }
})
return true
