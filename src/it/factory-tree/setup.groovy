// Buildroot pitfalls 3 (no /usr/share/factory yet), 4 and 5 (links dangling once moved, absolute links to
// paths the build host lacks), 6 (links below /var/lib keep their readlink target), 10 (hidden names),
// 11 (names needing escapes), 15 (the tmpfs root mode).
binding.setVariable('version', 252)
def t = evaluate(new File(itSupport, 'factory-target.groovy'))
t.file('var/lib/app/state db', 'state\n', 0640)
t.file('var/lib/app/50%', 'percent\n')
t.file('var/lib/app/q"uote', 'quote\n')
t.file('var/lib/.updated', 'hidden\n')
t.link('var/www', '../srv/www')
t.link('var/cache/runtime', '/run/app-cache')
t.link('var/lib/systemd/deep/rel', '../../app/state db')
t.link('var/lock', '../run/lock')
t.dir('var/log/journal', 02755)
return true
