"""The packages of `handout` import only down the pipeline (docs/architecture.md).

Every module is read with `ast` (nothing is imported), so an import inside a function counts like one at
the top: an import that would go up the pipeline fails here even if it is only reached at run time.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import handout

PACKAGE = Path(handout.__file__).resolve().parent

# Lower first; a unit may import from units of a strictly lower rank, and from itself.
RANKS = {
    "errors": 0, "tempfiles": 0,  # shared by every stage; import nothing of the tool's
    "startup": 0,  # run by the `handout` command (cli.main) before a subcommand imports anything heavy
    "source": 1,
    "translate": 2,
    "layout": 3,
    "pdf": 4,
    "build": 5,  # the whole pipeline for one handout
    "proof": 6, "batch": 6,  # on top of build, side by side: neither imports the other
    "site": 7,  # the web edition: pages from the localised model, beside the PDFs of a batch folder
    "web": 8,  # the front desk builds into a batch folder with the batch planner and its manifest; serves a site
    "cli": 9,
    "__main__": 10,
}
STAGES = ("source", "translate", "layout", "pdf", "batch", "site", "web")
# Every stage may read the version from the top package; handout/__init__.py imports its API lazily.
ALWAYS_ALLOWED = {("handout", "__version__")}


def unit_of(module: str) -> str:
    """`handout.layout.fonts` -> `layout`; `handout.build` -> `build`; `handout` -> `handout`."""
    parts = module.split(".")
    assert parts[0] == "handout", module
    return parts[1] if len(parts) > 1 else "handout"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported handout module) for every import of the tool's own code in the file."""
    return imports_in(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py")


def imports_in(text: str, name: str, is_package: bool = False) -> list[tuple[int, str]]:
    package = name if is_package else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "handout"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != "handout":
                continue
            for alias in node.names:
                if (source, alias.name) in ALWAYS_ALLOWED:
                    continue
                submodule = f"{source}.{alias.name}"
                # `from handout import tempfiles` imports the module handout.tempfiles
                is_module = (PACKAGE.parent / (submodule.replace(".", "/") + ".py")).exists() or \
                    (PACKAGE.parent / submodule.replace(".", "/") / "__init__.py").exists()
                found.append((node.lineno, submodule if is_module else source))
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_belongs_to_a_known_unit():
    for path in MODULES:
        if path == PACKAGE / "__init__.py":
            continue
        assert unit_of(module_name(path)) in RANKS, f"{path}: put it in a stage package or add it to RANKS"


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_package_says_what_it_owns(stage):
    init = PACKAGE / stage / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert doc and "import" in doc, f"{init}: a docstring saying what it owns and what it may import"


def edges() -> list[tuple[str, str, str]]:
    """(importing unit, imported unit, 'file:line') for every import between different units."""
    result = []
    for path in MODULES:
        here = unit_of(module_name(path))
        if path == PACKAGE / "__init__.py":
            continue
        for line, target in imports(path):
            there = unit_of(target)
            if there != here:
                result.append((here, there, f"{path.relative_to(PACKAGE.parent)}:{line}"))
    return result


def test_imports_only_go_down_the_pipeline():
    upward = [f"{where}: {here} imports {there}" for here, there, where in edges()
              if there == "handout" or RANKS[there] >= RANKS[here]]
    assert not upward, "imports up (or across) the pipeline:\n" + "\n".join(upward)


def test_no_import_cycle_between_packages():
    graph: dict[str, set[str]] = {}
    for here, there, _ in edges():
        graph.setdefault(here, set()).add(there)
    done: set[str] = set()

    def visit(unit: str, path: list[str]) -> None:
        if unit in path:
            raise AssertionError("import cycle: " + " -> ".join(path[path.index(unit):] + [unit]))
        if unit in done:
            return
        for target in sorted(graph.get(unit, ())):
            visit(target, path + [unit])
        done.add(unit)

    for unit in sorted(graph):
        visit(unit, [])


def test_the_checker_sees_upward_and_relative_imports():
    text = ("def f():\n    from handout.pdf.render import render_pdf\n"
            "from ..layout import fonts\nfrom handout import __version__, tempfiles\nfrom . import model\n")
    assert imports_in(text, "handout.source.fake") == [
        (3, "handout.layout.fonts"), (4, "handout.tempfiles"), (5, "handout.source.model"),
        (2, "handout.pdf.render")]


def test_the_public_api_is_exported_from_the_top():
    for name in handout.__all__:
        assert getattr(handout, name) is not None, name
    from handout import build_handout, load_content  # noqa: F401
