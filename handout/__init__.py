"""handout: printable, localised PDF patient handouts from one content file and gettext catalogs.

The pipeline, stage by stage (see `build.build_handout`):
content.yaml → content.load_content → localise.localise → layout.build_story → render.render_pdf → PDF.
"""
__version__ = "0.1.0"
