"""The web edition (`handout site`): the handout in every language as accessible static pages, from the
same localised model as the PDFs, written beside the PDFs of a batch folder and recorded in its manifest.

pages.py (the localised model -> what a page shows), html.py (inline text as escaped HTML), words.py (the
site's own few words, data/site-words.yaml), write.py (the folder, its manifest table, incremental writes).
It may import build, batch (the manifest) and the stages below; web/ (which serves a site) imports it.
"""
