"""Design rules: small modules, no generated code, no import cycles, no data read on import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "syria_is_2024"
MODULES = sorted(PACKAGE.glob("*.py"))
MAX_MODULE_LINES = 500
# 4,500 once simplified (2.0.0); 2.1 adds the crosswalks, the analysis frames, the
# export safety and the front-door accessors, each with only what it needs.
MAX_PACKAGE_LINES = 5_400


def _imports(path: Path) -> set[str]:
    """The package modules a module imports at run time (type-checking-only imports aside)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom) and child.level == 1:
                if child.module:
                    found.add(child.module.split(".")[0])
                else:
                    found.update(alias.name for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_no_module_is_over_500_lines() -> None:
    """Every module of the package stays small enough to read in one sitting."""
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in MODULES}
    assert MODULES
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test_the_package_stays_small() -> None:
    """The whole package, its data aside, stays within its line budget."""
    total = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in MODULES)
    assert 0 < total <= MAX_PACKAGE_LINES


def test_no_generated_code() -> None:
    """No module builds code at run time with ``exec``, ``eval`` or ``compile``."""
    calls = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("exec", "eval", "compile")
            ):
                calls.append(f"{path.name}:{node.lineno}")
    assert calls == []


def test_no_import_cycle() -> None:
    """No chain of imports between the package's modules leads back to where it started."""
    graph = {path.stem: _imports(path) for path in MODULES}
    cycles = []

    def walk(module: str, chain: list[str]) -> None:
        for imported in sorted(graph.get(module, ())):
            if imported in chain:
                cycles.append([*chain[chain.index(imported) :], imported])
            else:
                walk(imported, [*chain, imported])

    for module in graph:
        walk(module, [module])
    assert any(graph.values())
    assert cycles == []


def _data_files_opened(then: str) -> str:
    """The data files a fresh process opens while it imports the package and runs ``then``."""
    script = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: opened.append(str(args[0]))"
        " if event == 'open' and args and isinstance(args[0], str) else None)\n"
        f"import syria_is_2024\n{then}\n"
        "print('\\n'.join(p for p in opened if 'syria_is_2024' in p and '/data/' in p))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return result.stdout


def test_import_reads_no_data_file() -> None:
    """Importing the package opens no file of its data folder (data load on first use)."""
    assert _data_files_opened("pass").strip() == ""


def test_loading_opens_the_data_files() -> None:
    """The audit above would see a data file opened: the first accessor call opens them."""
    assert "manifest.json" in _data_files_opened("syria_is_2024.entities()")
