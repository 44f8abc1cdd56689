evaluate(new File(itSupport, 'compare-listing.groovy'))
assert new File(basedir, 'build.log').text.contains('Overlay units for ')

