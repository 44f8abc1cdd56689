// an xz-compressed base with an owner and a device node, made without root by bsdtar from an mtree spec
new File(basedir, 'target').mkdirs()
new File(basedir, 'target/shadow').text = 'root:*:1::::::\n'
new File(basedir, 'target/base.mtree').text = '''#mtree
./etc type=dir mode=0755 uid=0 gid=0
./etc/shadow type=file mode=0640 uid=0 gid=42 contents=target/shadow
./dev type=dir mode=0755 uid=0 gid=0
./dev/console type=char mode=0600 uid=0 gid=5 device=native,5,1
'''
def p = new ProcessBuilder(['bsdtar', '-cJf', 'target/base.tar.xz', '@target/base.mtree']).directory(basedir)
        .redirectErrorStream(true).start()
String out = p.inputStream.text
assert p.waitFor() == 0 : out
return true
