"""Stage 3, layout: from the localised model to ReportLab flowables, the story of pages.

Owns the fonts and which family draws a language (fonts), the paragraph styles of each edition (styles),
line breaking, shaping and right-to-left text (textflow, with its line cache in layoutcache), the layout
context a block is drawn in (context), one flowable per content block (blocks), the title, notices,
footer and back cover (furniture), tables set across a turned page (turned), the structure tree elements
the flowables carry for a tagged PDF (tagging) and the whole story of one handout (story). May import
`handout.source`, `handout.translate`, `handout.errors` and `handout.tempfiles`; never pdf or above.
"""
