// failOnError=false: invalid lines are warned about and skipped, as systemd-tmpfiles does; the rest applies
def log = new File(basedir, 'build.log').text
def conf = '/usr/lib/tmpfiles.d/app.conf' // diagnostics name files as the target sees them
assert log.contains("[WARNING] " + conf + ":2: Unknown command type 'Y'.") : log
assert log.contains(conf + ":5: Failed to resolve user 'nosuchuser': No such process; line skipped") : log
assert log.contains("[WARNING] 1 tmpfiles.d line skipped: the target has no user 'nosuchuser'. Users and groups come from") : log
// a path with .. and a link pointing above the root stay inside the root
assert log.contains("Failed to open parent of '/var/lib/../escape': path not normalized.") : log
assert log.contains('BUILD SUCCESS') : log
def md = new File(basedir, 'target/rootfs-manifest.mtree').text
assert md.contains('./var/lib/app type=dir mode=0750 uid=1000 gid=1000 uname=app gname=app') : md
assert md.contains('./var/lib/app/ok type=file mode=0640 uid=1000 gid=1000') : md
assert md.contains('./var/lib/app/out type=link mode=0777 uid=0 gid=0 uname=root gname=root link=/../../../etc/shadow') : md
assert !md.contains('./var/lib/nosuchuser') && !md.contains('./var/lib/relative') && !md.contains('./escape') : md
def report = new File(basedir, 'target/rootfs-reports/populate-var.json').text
assert report.contains('"skipped-unknown-user-or-group": 1') : report
return true
