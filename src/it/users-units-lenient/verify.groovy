// failOnError=false skips the bad lines with a warning each, as systemd-sysusers does, and applies the rest
def log = new File(basedir, 'build.log').text
def conf = '/usr/lib/sysusers.d/app.conf'
assert log.contains("[WARNING] " + conf + ":2: Unknown command type 'x'. (line skipped)") : log
assert log.contains('Created 1 user and 1 group: group app=999 user app=999') : log
assert new File(basedir, 'rootfs/etc/passwd').text ==
        'root:x:0:0:root:/root:/bin/bash\napp:x:999:999::/:/usr/sbin/nologin\n'
return true
