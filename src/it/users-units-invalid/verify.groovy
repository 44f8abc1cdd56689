def log = new File(basedir, 'build.log').text
def conf = '/usr/lib/sysusers.d/app.conf' // diagnostics name files as the target sees them
assert log.contains('4 invalid sysusers.d lines, nothing was changed') : log
assert log.contains(conf + ":2: Unknown command type 'x'.") : log
assert log.contains(conf + ":3: '0app' is not a valid user or group name.") : log
assert log.contains(conf + ":4: Lines of type 'g' don't take a GECOS field.") : log
assert log.contains(conf + ":5: Failed to parse UID: '12abc'") : log
assert log.readLines().findAll { it.startsWith('Caused by:') }.every { it.contains('MojoFailureException') } :
        'no exception behind a bad-input failure'
assert new File(basedir, 'rootfs/etc/passwd').text == 'root:x:0:0:root:/root:/bin/bash\n' : 'nothing was changed'
assert !new File(basedir, 'rootfs/etc/shadow').exists() : 'nothing was changed'
return true
