"""handout: printable, localised PDF patient handouts from one content file and gettext catalogs.

The pipeline, stage by stage, each a package that imports only from the stages before it (see
docs/architecture.md; tests/test_architecture.py keeps it so):

    content.yaml → source (load_content) → translate (localise) → layout (story.build_story)
                 → pdf (render.render_pdf) → PDF

`build.build_handout` runs it for one handout; `batch` builds many, `web` serves the front-desk page and
`cli` is the `handout` command. `errors` and `tempfiles` are shared by every stage.

The public API, re-exported here:

- `build_handout(content, locale, paper, ...)` builds one handout into a folder and returns a `Built`
  (its path, page count, warnings...); `render_handout(handout, clinic, ...)` stops before the disk and
  returns the PDF's bytes. `EDITIONS` lists the editions.
- `load_content(path)` reads and checks a content file into a `Handout`; `load_clinic(path)` reads a
  clinic file into a `Clinic` (`None`: the built-in example clinic).
- `locales_dir(content, locales)` is where the catalogs live; `complete_locales(content, locales)` the
  languages ready to build; `locale_status(content, locales)` what `handout status` prints.
- `HandoutError` and its subclasses (`ContentError`, `CatalogError`, `ClinicError`, `FontError`,
  `OutputError`, `ReviewError`): every error the tool reports, each with a one-line message.
- `main`: the `handout` command (Click).
"""
__version__ = "0.1.0"

# Where each public name lives. They are imported on first use (PEP 562), so `import handout` stays cheap
# and the stages, which read `handout.__version__`, never wait on this module importing them.
_EXPORTS = {
    "build_handout": "handout.build", "render_handout": "handout.build", "Built": "handout.build",
    "EDITIONS": "handout.build", "complete_locales": "handout.build", "locale_status": "handout.build",
    "load_content": "handout.source.content", "Handout": "handout.source.model",
    "load_clinic": "handout.source.clinic", "Clinic": "handout.source.clinic",
    "locales_dir": "handout.translate.catalog",
    "HandoutError": "handout.errors", "ContentError": "handout.errors", "CatalogError": "handout.errors",
    "ClinicError": "handout.errors", "FontError": "handout.errors", "OutputError": "handout.errors",
    "ReviewError": "handout.errors",
    "main": "handout.cli",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'handout' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
