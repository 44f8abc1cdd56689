
evaluate(new File(itSupport, 'overlay-target.groovy'))
