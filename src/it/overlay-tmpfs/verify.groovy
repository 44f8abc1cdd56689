evaluate(new File(itSupport, 'compare-listing.groovy'))

