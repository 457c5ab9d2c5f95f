"""The command line: parse arguments, call one library function, print the result.

Expected problems arrive as HandoutError and print as one `Error: path:line: message` line with exit
status 1; usage mistakes exit 2 (Click's convention). Heavy modules are imported inside each command so
that `handout --help` stays fast.
"""
from __future__ import annotations

import sys

import click

from handout import __version__
from handout.errors import HandoutError


def _fail(exc: HandoutError) -> None:
    click.echo(f"Error: {exc}", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handout")
def main() -> None:
    """Make printable, translated patient handouts (PDF) from content.yaml and translation catalogs."""


@main.command()
@click.argument("content", default="content.yaml", type=click.Path(dir_okay=False))
@click.option("--locale", default="en", show_default=True, help="Language to build, e.g. en or es.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default=None,
              help="Paper size. Default: the clinic's, else A4.")
@click.option("--clinic", "clinic", type=click.Path(dir_okay=False), default=None,
              help="Clinic file (YAML) with name, phone, logo... Default: a built-in example clinic.")
@click.option("--out", default="dist", show_default=True, type=click.Path(),
              help="Folder to write the PDF into.")
def build(content: str, locale: str, paper: str | None, clinic: str | None, out: str) -> None:
    """Build the handout PDF from CONTENT (default: content.yaml)."""
    from handout.build import build_handout

    try:
        built = build_handout(content, locale=locale, paper=paper, clinic=clinic, out=out)
    except HandoutError as exc:
        _fail(exc)
    click.echo(str(built.path))
