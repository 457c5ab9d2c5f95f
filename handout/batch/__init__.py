"""On top of the pipeline: building many handouts at once.

Owns planning and running a batch of every language x edition x paper x clinic site, incremental and
in parallel (plan), the folder's manifest.json of inputs and hashes and `handout verify` (manifest), and
the progress shown while a batch runs (progress). May import `handout.build` and every stage below it;
never `handout.web` or `handout.cli`.
"""
