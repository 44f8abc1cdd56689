// git keeps neither empty directories nor fifos
def root = new File(basedir, 'rootfs')
new File(root, 'dev').mkdirs()
new File(root, 'tmp').mkdirs()
def p = ['mkfifo', new File(root, 'var/spool/pipe').path].execute()
p.waitFor()
assert p.exitValue() == 0
return true
