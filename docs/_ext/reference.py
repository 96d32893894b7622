"""Sphinx extension: the API reference follows the package's ``__all__``, and links to Python's.

``public-names MODULE`` documents every name a module lists in ``__all__``, so a name added
there appears in the reference without editing a page: a table of the names with the first
paragraph of their documentation, then an entry for each through autodoc (data with its value
only when the value is short: never a printed dictionary). A class re-exported from a module
that has a section of its own (:data:`SECTIONS`), or from the package itself, gets a line
pointing there: it is described, and is a link target, once.

Python's own types (``str``, ``datetime.date``, ``pathlib.Path`` ...) are linked through
intersphinx. The build has no network, so the inventory it reads is written by this extension
from :data:`PYTHON_OBJECTS` (a few dozen names and their pages at docs.python.org), not
downloaded; a name the documentation needs and the table lacks fails the build, since
``nitpicky`` is on.
"""

from __future__ import annotations

import importlib
import inspect
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import attrs
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.ext.intersphinx import missing_reference
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

import syria_is_2024

PYTHON_DOCS: Final = "https://docs.python.org/3/"
INVENTORY: Final = "python-objects.inv"
PACKAGE: Final = "syria_is_2024"
SECTIONS: Final = ("syria_is_2024.model", "syria_is_2024.values", "syria_is_2024.dataset")
"""Modules the API page documents in sections of their own."""

DATA: Final = {
    "__version__": "The version of the package, which is the version of the dataset it ships "
    "(its manifest says the same): cite it and pin it.",
}
"""The description of each data name (not a function, class or module) of a ``__all__``."""

PYTHON_OBJECTS: Final = {
    "py:class": {
        "bool": "library/functions.html#bool",
        "bytes": "library/stdtypes.html#bytes",
        "dict": "library/stdtypes.html#dict",
        "float": "library/functions.html#float",
        "frozenset": "library/stdtypes.html#frozenset",
        "int": "library/functions.html#int",
        "list": "library/stdtypes.html#list",
        "object": "library/functions.html#object",
        "set": "library/stdtypes.html#set",
        "str": "library/stdtypes.html#str",
        "tuple": "library/stdtypes.html#tuple",
        "type": "library/functions.html#type",
        "collections.abc.Callable": "library/collections.abc.html#collections.abc.Callable",
        "collections.abc.Collection": "library/collections.abc.html#collections.abc.Collection",
        "collections.abc.Iterable": "library/collections.abc.html#collections.abc.Iterable",
        "collections.abc.Iterator": "library/collections.abc.html#collections.abc.Iterator",
        "collections.abc.Mapping": "library/collections.abc.html#collections.abc.Mapping",
        "collections.abc.Sequence": "library/collections.abc.html#collections.abc.Sequence",
        "datetime.date": "library/datetime.html#datetime.date",
        "os.PathLike": "library/os.html#os.PathLike",
        "pathlib.Path": "library/pathlib.html#pathlib.Path",
    },
    "py:exception": {
        name: f"library/exceptions.html#{name}"
        for name in ("Exception", "KeyError", "TypeError", "ValueError")
    },
    "py:data": {
        "None": "library/constants.html#None",
        "typing.Any": "library/typing.html#typing.Any",
        "typing.Literal": "library/typing.html#typing.Literal",
    },
}
"""The Python objects the documentation links to, by role, with their pages."""


def write_inventory(path: Path) -> None:
    """Write :data:`PYTHON_OBJECTS` as a Sphinx inventory (``objects.inv``, version 2)."""
    lines = [
        f"{name} {role} 1 {uri} -"
        for role, objects in PYTHON_OBJECTS.items()
        for name, uri in sorted(objects.items())
    ]
    header = "# Sphinx inventory version 2\n# Project: Python\n# Version: 3\n"
    header += "# The remainder of this file is compressed using zlib.\n"
    path.write_bytes(header.encode() + zlib.compress(("\n".join(lines) + "\n").encode()))


def configure_intersphinx(app: Sphinx, config: Config) -> None:
    """Point intersphinx at the inventory this extension writes, before the build reads it."""
    inventory = Path(app.doctreedir) / "generated" / INVENTORY
    inventory.parent.mkdir(parents=True, exist_ok=True)
    write_inventory(inventory)
    config.intersphinx_mapping = {"python": (PYTHON_DOCS, str(inventory))}


def resolve_bare_name(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.reference | None:
    """Link a bare name left by an annotation (``Path``, ``DatasetError``) to what it means.

    A name of the package's ``__all__`` means the package's object; otherwise a name that ends
    exactly one of the Python objects of the inventory means that one.
    """
    target = node.get("reftarget", "")
    if node.get("refdomain") != "py" or not target or "." in target:
        return None
    if target in syria_is_2024.__all__:
        value = getattr(syria_is_2024, target)
        full = _documented_elsewhere(PACKAGE, target, value) or f"{PACKAGE}.{target}"
        found: nodes.reference | None = env.domains["py"].resolve_xref(
            env, node["refdoc"], app.builder, node["reftype"], full, node, contnode
        )
        return found
    python = [name for names in PYTHON_OBJECTS.values() for name in names]
    matches = [name for name in python if name.rsplit(".", 1)[-1] == target]
    if len(matches) != 1:
        return None
    node["reftarget"] = matches[0]
    return missing_reference(app, env, node, contnode)


def hide_generated_constructor(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, signature: str, annotation: str
) -> tuple[str, str | None] | None:
    """Record and value classes show no signature: attrs generates their ``__init__``.

    They are built with keyword arguments named as their fields, which the data dictionary
    lists with their types and meanings.
    """
    return ("", None) if what == "class" and attrs.has(obj) else None


def _summary(value: Any) -> str:
    doc = inspect.getdoc(value) or ""
    return doc.split("\n\n", 1)[0].replace("\n", " ").replace("*", "\\*")


def _documented_elsewhere(module: str, name: str, value: Any) -> str | None:
    """The full name under which the page documents a re-exported class, if not here."""
    home = getattr(value, "__module__", "")
    if inspect.isclass(value) and home in SECTIONS and home != module:
        return f"{home}.{value.__qualname__}"
    if inspect.isclass(value) and module != PACKAGE and name in _package_names():
        return f"{PACKAGE}.{name}"
    return None


def _entry(module: str, name: str, value: Any) -> list[str]:
    """The reStructuredText entry of one public name of ``module``."""
    full = f"{module}.{name}"
    elsewhere = _documented_elsewhere(module, name, value)
    if elsewhere is not None:
        return [f"``{name}``: :class:`{elsewhere}`, importable from ``{module}`` as well."]
    if inspect.isclass(value) and issubclass(value, BaseException):
        return [f".. autoexception:: {full}", "   :members:", "   :show-inheritance:"]
    if inspect.isclass(value):
        return [f".. autoclass:: {full}", "   :members:"]
    if inspect.isroutine(value):
        return [f".. autofunction:: {full}"]
    if inspect.ismodule(value):
        return [f"``{name}``: the module :mod:`{value.__name__}`."]
    if name in DATA:
        head = [f".. py:data:: {name}", f"   :module: {module}", f"   :value: {value!r}"]
        return [*head, "", f"   {DATA[name]}"]
    long = isinstance(value, dict | list | set | frozenset | tuple) or len(repr(value)) > 60
    return [f".. autodata:: {full}", *(["   :no-value:"] if long else [])]


def _package_names() -> list[str]:
    return list(syria_is_2024.__all__)


def public_names_rst(module_name: str) -> list[str]:
    """The entries of every name in the module's ``__all__``, after a table of them all."""
    module = importlib.import_module(module_name)
    names = list(getattr(module, "__all__", ()))
    if not names:
        raise ExtensionError(f"{module_name} has no __all__ to document")
    values = {name: getattr(module, name) for name in names}
    kinds: tuple[tuple[str, Callable[[Any], bool]], ...] = (
        ("Functions", lambda v: inspect.isroutine(v)),
        ("Classes", lambda v: inspect.isclass(v) and not issubclass(v, BaseException)),
        ("Errors", lambda v: inspect.isclass(v) and issubclass(v, BaseException)),
        ("Data", lambda v: not inspect.isroutine(v) and not inspect.isclass(v)),
    )
    lines = [".. list-table::", "   :header-rows: 0", ""]
    for name, value in values.items():
        summary = _summary(value) if not name.startswith("__") else DATA.get(name, "")
        target = _documented_elsewhere(module_name, name, value) or f"{module_name}.{name}"
        if inspect.ismodule(value):
            target = value.__name__
        lines += [f"   * - :py:obj:`{name} <{target}>`", f"     - {summary or ' '}"]
    for title, belongs in kinds:
        group = [name for name, value in values.items() if belongs(value)]
        if group:
            lines += ["", f".. rubric:: {title}", ""]
            for name in group:
                lines += [*_entry(module_name, name, values[name]), ""]
    return lines


class PublicNames(SphinxDirective):
    """``public-names MODULE``: every name of the module's ``__all__``, documented."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Parse the generated entries in place."""
        container = nodes.section()
        container.document = self.state.document
        source = StringList(public_names_rst(self.arguments[0]), source=self.get_source_info()[0])
        nested_parse_with_titles(self.state, source, container)
        return list(container.children)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive and the offline Python inventory."""
    app.add_directive("public-names", PublicNames)
    app.connect("missing-reference", resolve_bare_name, priority=900)
    app.connect("autodoc-process-signature", hide_generated_constructor)
    app.connect("config-inited", configure_intersphinx, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
