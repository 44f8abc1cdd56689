// Buildroot pitfalls 1 (existing factory content is kept), 17 (systemd 257: C+ merges updates into a
// persistent /var) and a metadata-only device node.
binding.setVariable('version', 257)
def t = evaluate(new File(itSupport, 'factory-target.groovy'))
t.file('usr/share/factory/var/lib/systemd/catalog/database', 'catalog\n')
t.file('usr/share/factory/etc/skel/.profile', 'profile\n')
t.file('var/lib/systemd/random-seed', 'seed\n', 0600)
t.file('var/lib/app/config', 'config\n')
t.dir('var/spool')
new File(basedir, 'target/rootfs.mtree').text = '#mtree\n./var/lib/app type=dir mode=0750 uid=1000 gid=1000\n' +
        './var/spool/ttyS9 type=char mode=0620 gid=5 device=native,4,73\n'
return true
