"""On top of the pipeline: the front-desk page, `handout serve`.

Owns the Flask app that builds a handout on request for the person at the desk (serve), its cache of
built PDFs and thumbnails (pdfcache), and the page's templates/ and static/ files, which Flask finds
beside this package. May import `handout.build` and every stage below it; never `handout.batch` or
`handout.cli`.
"""
