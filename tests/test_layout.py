"""The code is laid out the way the data flows: each layer imports only the layers below it.

Read from the source with `ast` (nothing is imported), so a wrong import fails here with the file
and line that made it, before it tangles the packages. README.md's "How the code is laid out"
draws the same layers.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from conftest import REPO

PACKAGES = ("contract", "i18n", "scrapers", "monitor", "views", "publish")
ENTRY_POINTS = ("app", "dashboard")
# Outside the layers, but held to one-way imports too: the tests import their helpers by bare name
# (tests/ is on the path), the benchmark and the scripts by package.
OUTSIDE = ("bench", "scripts", "tests")

# (module prefix, rank): a module may import its own group or any group of a lower rank. The refresh
# and the analysis share a rank, so neither may import the other; nor may the scrapers and i18n, which
# sits this low so the analysis can mark its English labels for translation (N_) and the PDF and the
# pages can translate them.
LAYERS = (
    ("contract", 0),  # the data contract
    ("scrapers", 1),  # fetch & parse
    ("i18n", 1),  # languages: catalogs, CLDR names, numbers and dates, official titles (reads only its own files)
    ("monitor.store", 2),  # the data directory
    ("monitor.refresh", 3),  # check & publish
    ("monitor.analysis", 3),  # one module per question a page asks
    ("monitor", 4),  # the command line over the refresh
    ("views", 5),  # pages: widgets and words
    ("publish", 6),  # the static site: drawn with the views' own functions, so its files are the dashboard's
    # The entry points, above everything they start. `python -m monitor` runs monitor/__main__.py, which hands
    # monitor.cli the `publish` command and the refresh's republishing hook: it is an entry point like app.py,
    # so monitor.cli itself never imports the layer that draws.
    ("app", 7),
    ("dashboard", 7),
    ("monitor.__main__", 7),
)
UI_LIBRARIES = ("streamlit", "plotly", "starlette")
HEAVY = ("pandas", "numpy", "plotly")
# The first page and the server start with these alone, before pandas: they must stay light.
LIGHT = ("contract", "contract.errors", "contract.ids", "contract.model", "contract.status", "contract.countries",
         "contract.treaties", "monitor.store.layout", "monitor.store.snapshot", "monitor.analysis.overview",
         "monitor.analysis.numbers",
         "monitor.analysis.freshness", "i18n", "views.frame", "views.markup", "views.geo", "views.svgmap",
         "views.overview", "views.freeze",
         "views.brief_route", "views.language", "views.routes", "views.refresh_panel", "monitor.background",
         "monitor.analysis.refresh_status", "monitor.analysis.source_problems", "contract.problems", "app", "dashboard")
MAX_LINES = 400  # about a screenful of screens: past this a module holds several modules' worth
FILE_CALLS = ("open", "read_text", "read_bytes")  # and any call on json, csv or pandas (json.load, pd.read_csv)
PARSERS = ("json", "csv", "pd", "pandas")
PARSE_CALLS = ("load", "loads", "reader", "DictReader")


@dataclass(frozen=True)
class Import:
    """One import statement: who imports what, where, and whether it runs when the module loads."""

    importer: str
    target: str
    line: int
    at_load: bool  # module level (not inside a function, not under TYPE_CHECKING)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    found = {module_name(p): p for package in PACKAGES for p in (REPO / package).rglob("*.py")}
    return found | {name: REPO / f"{name}.py" for name in ENTRY_POINTS}


def _at_load(tree: ast.Module) -> set[int]:
    """ids of the import nodes that run when the module is imported."""
    found: set[int] = set()

    def walk(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found.add(id(node))
            elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                walk(node.orelse)
            elif isinstance(node, (ast.If, ast.Try, ast.With)):
                walk(node.body)
                walk(getattr(node, "orelse", []))
                for handler in getattr(node, "handlers", []):
                    walk(handler.body)
                walk(getattr(node, "finalbody", []))

    walk(tree.body)
    return found


@cache
def every_module() -> dict[str, Path]:
    """modules() and the benchmark's, the scripts' and the tests' (each test file under its bare name too)."""
    found = dict(modules())
    for folder in OUTSIDE:
        for path in (REPO / folder).glob("*.py"):
            found[module_name(path)] = path
    return found


def resolve(target: str) -> str | None:
    """The project module an import names (a bare name of tests/ means that test module), else None."""
    if target in every_module():
        return target
    if f"tests.{target}" in every_module():
        return f"tests.{target}"
    return None


@cache
def imports(name: str) -> tuple[Import, ...]:
    tree = ast.parse(every_module()[name].read_text(encoding="utf-8"))
    loaded = _at_load(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(name, alias.name, node.lineno, id(node) in loaded) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from monitor.store import layout` imports the module monitor.store.layout
            found += [Import(name, f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in every_module()
                             else node.module, node.lineno, id(node) in loaded) for alias in node.names]
    return tuple(found)


def layer(name: str) -> tuple[str, int] | None:
    """The most specific layer a module belongs to (bench/ and tests/ are outside the layers)."""
    matches = [(prefix, rank) for prefix, rank in LAYERS if name == prefix or name.startswith(prefix + ".")]
    return max(matches, key=lambda match: len(match[0])) if matches else None


def own(target: str) -> bool:
    return target.split(".")[0] in PACKAGES + ENTRY_POINTS


def test_every_module_is_in_a_layer() -> None:
    assert not [name for name in modules() if layer(name) is None]


def test_each_layer_imports_only_the_layers_below_it() -> None:
    wrong = []
    for name in modules():
        group, rank = layer(name)
        for imp in imports(name):
            if not own(imp.target):
                continue
            target_group, target_rank = layer(imp.target)
            if target_group != group and target_rank >= rank:
                wrong.append(f"{modules()[name].relative_to(REPO)}:{imp.line} ({group}) imports {imp.target} "
                             f"({target_group})")
    assert not wrong, "imports that go up or sideways:\n" + "\n".join(wrong)


def test_the_packages_form_no_cycle() -> None:
    edges = {(layer(name)[0], layer(imp.target)[0]) for name in modules() for imp in imports(name)
             if own(imp.target) and layer(imp.target)[0] != layer(name)[0]}
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(step == goal or (step not in seen and reaches(step, goal, seen | {step}))
                   for step in graph.get(start, ()))

    assert not [group for group in graph if reaches(group, group, set())]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while not group or group[-1] != node:
                    group.append(stack.pop())
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_module_imports_one_that_imports_it_back() -> None:
    """One-way modules, at any depth, anywhere in the project, counting imports inside functions: two modules
    that need each other share something that belongs in a third module below both."""
    graph = {name: {target for imp in imports(name) if (target := resolve(imp.target)) and target != name}
             for name in every_module()}
    circles = cycles(graph)
    lines = [f"{' <-> '.join(group)}: " + "; ".join(dict.fromkeys(
        f"{every_module()[name].relative_to(REPO)}:{imp.line} imports {resolve(imp.target)}" for name in group
        for imp in imports(name) if resolve(imp.target) in group and resolve(imp.target) != name)) for group in circles]
    assert not circles, "modules that import each other:\n" + "\n".join(lines)


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("package", ["contract", "i18n", "scrapers", "monitor", "publish"])
def test_below_the_pages_nothing_draws(package: str) -> None:
    """The contract, the languages, the scrapers and the monitor know nothing of Streamlit, plotly or the web server."""
    drawing = [f"{imp.importer}:{imp.line} imports {imp.target}" for name in modules()
               if name.split(".")[0] == package for imp in imports(name) if imp.target.split(".")[0] in UI_LIBRARIES]
    assert not drawing


def test_the_light_modules_load_nothing_heavy() -> None:
    """What the server and the first page import at start reaches neither pandas nor plotly."""
    for start in LIGHT:
        seen, todo = set(), [start]
        while todo:
            name = todo.pop()
            seen.add(name)
            for imp in imports(name):
                top = imp.target.split(".")[0]
                assert not (imp.at_load and top in HEAVY), f"{start} loads {top} through {name}:{imp.line}"
                if imp.at_load and own(imp.target) and imp.target in modules() and imp.target not in seen:
                    todo.append(imp.target)
                elif imp.at_load and own(imp.target) and imp.target not in modules():
                    pytest.fail(f"{name}:{imp.line} imports {imp.target}, which is not a module of this project")


def test_no_module_is_too_long() -> None:
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long


def test_no_page_reads_a_file_itself() -> None:
    """Streamlit modules get every file through monitor.store, never by opening or parsing it."""
    readers = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not any(imp.target.split(".")[0] == "streamlit" for imp in imports(name)):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                on = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
                if called in FILE_CALLS or (on in PARSERS and (called.startswith("read_") or called in PARSE_CALLS)):
                    readers.append(f"{path.relative_to(REPO)}:{node.lineno} calls {ast.unparse(func)}")
    assert not readers


def test_the_lists_above_name_real_modules() -> None:
    """A renamed module must not slip out of the light list unnoticed."""
    assert not [name for name in LIGHT if name not in modules()]


# The views' own regular expressions, none over the analysis's words: SVG path numbers (geo), a checked
# ISO3 code and colour (svgmap), Markdown's special characters (markup), the brief's address (brief_route).
VIEWS_USING_RE = {"views.geo", "views.svgmap", "views.markup", "views.brief_route"}


def test_no_page_reads_the_analysis_english_back_with_a_regular_expression() -> None:
    """The analysis returns facts and the page chooses the words: a view that needs a regular expression
    over text is reading words back. A new one belongs in the list above only if it reads no analysis text."""
    using = {name for name in modules() if name.startswith("views.")
             and any(imp.target == "re" for imp in imports(name))}
    assert using <= VIEWS_USING_RE, sorted(using - VIEWS_USING_RE)
