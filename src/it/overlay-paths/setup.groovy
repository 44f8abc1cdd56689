extraDirs = ['srv', 'opt/app']
evaluate(new File(itSupport, 'overlay-target.groovy'))
