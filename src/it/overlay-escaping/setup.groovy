extraDirs = ['srv/web-data/my app']
evaluate(new File(itSupport, 'overlay-target.groovy'))
