// git keeps no empty directories; the factory copy needs one
new File(basedir, 'base/usr/share/factory/var/lib/app/templates/empty').mkdirs()
return true
