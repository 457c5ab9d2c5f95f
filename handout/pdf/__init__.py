"""Stage 4, the PDF: from the story to the bytes of a file.

Owns drawing the story onto pages with a tagged canvas, the metadata and the page furniture
(render), packing and writing the PDF's objects (pdfwrite) and imposing pages for a folded booklet
(booklet). May import every earlier stage (`handout.source`, `handout.translate`, `handout.layout`),
`handout.errors`, `handout.tempfiles` and `handout.__version__`; never batch, web, build or cli.
"""
