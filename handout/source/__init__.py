"""Stage 1, the source: reading and checking what the handout is made from.

Owns the YAML loader with its size and structure limits (yamlfile), the content file and its checks
(content), the document model every later stage works on (model), the inline markup of the content's
texts: bold, placeholders, citations, line breaks (markup), the clinic file and the sites list (clinic,
sites), and the content's review dates and the clinic's review policy (review). Nothing here draws or
translates. May import only the standard library, third-party packages and `handout.errors`; the other
stages import from here, never the other way round.
"""
