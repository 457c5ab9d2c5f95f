"""Stage 2, translation: from the source-language model to the model in another language.

Owns the gettext catalogs: where they live, reading, writing, extracting and updating them (catalog),
the translator's commands extract, init, update and check (workflow), the checks on each translated entry
(qa) and on a whole catalog (translation), filling the model with a language's texts and numbers
(localise), and the clinician's sign-off of a translation (signoff). May import `handout.source`,
`handout.errors` and `handout.tempfiles`; never layout, pdf or anything above them.
"""
