"""Every error the package raises derives from :class:`DatasetError`.

The loader's errors say which file, which record and which field was wrong, in the
``message @ $.path`` form that cattrs uses, so that a broken dataset is fixed in one reading.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING would import typing at package import
if TYPE_CHECKING:
    from collections.abc import Sequence

    from .model import Withdrawal

__all__ = [
    "AmbiguousKeyError",
    "ArgumentTypeError",
    "DataFileError",
    "DatasetError",
    "DictionaryError",
    "ExportError",
    "IntegrityError",
    "InvalidRecordError",
    "LinkError",
    "MissingExtraError",
    "QueryError",
    "SchemaError",
    "UnknownKeyError",
    "WithdrawnError",
]


class DatasetError(Exception):
    """Base of every error this package raises."""


class InvalidRecordError(DatasetError, ValueError):
    """A record, or a value inside one, cannot be true (end before start, low above high, ...).

    ``field`` names the offending attribute as ``Class.attribute``.
    """

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class DataFileError(DatasetError):
    """A data file is missing, unreadable or not JSON. ``file`` names it."""

    def __init__(self, file: str, problem: str) -> None:
        super().__init__(f"{file}: {problem}")
        self.file = file
        self.problem = problem


class IntegrityError(DataFileError):
    """A data file's bytes do not match the SHA-256 recorded in the manifest."""


class SchemaError(DataFileError):
    """A record does not fit the model. Names the file, the record id and every field path."""

    def __init__(
        self, file: str, record: str | None, index: int | None, problems: Sequence[str]
    ) -> None:
        where = [f"record {record!r}"] if record is not None else []
        where += [f"at $[{index}]"] if index is not None else []
        head = " ".join(where) if where else "top level"
        super().__init__(file, f"{head}: " + "; ".join(problems))
        self.record = record
        self.index = index
        self.problems = tuple(problems)


class LinkError(DatasetError):
    """Records are individually valid but inconsistent together (dangling link, cycle, bad sum)."""

    def __init__(self, problems: Sequence[str]) -> None:
        shown = list(problems[:20])
        more = len(problems) - len(shown)
        text = "\n  ".join(shown) + (f"\n  ... and {more} more" if more else "")
        super().__init__(f"{len(problems)} consistency problem(s):\n  {text}")
        self.problems = tuple(problems)


class UnknownKeyError(DatasetError, KeyError):
    """No record answers to the key. ``suggestions`` holds up to five close names."""

    def __init__(self, what: str, key: str, suggestions: Sequence[str] = ()) -> None:
        shown = key if len(key) <= 80 else key[:77] + "..."
        text = f"no {what} matches {shown!r}"
        if suggestions:
            text += "; did you mean " + ", ".join(repr(s) for s in suggestions) + "?"
        super().__init__(text)
        self.key = key
        self.suggestions = tuple(suggestions)

    def __str__(self) -> str:
        # KeyError.__str__ would repr() the message; show it as written.
        return str(self.args[0])


class WithdrawnError(UnknownKeyError):
    """The id was a record's that a release withdrew; ``withdrawal`` says why and its successor."""

    def __init__(self, what: str, key: str, withdrawal: Withdrawal, version: str) -> None:
        replaced = ", ".join(withdrawal.replaced_by) or "nothing"
        super().__init__(what, key)
        self.args = (
            f"{what} {key!r} was withdrawn in {version}: {withdrawal.why} (replaced by {replaced})",
        )
        self.withdrawal = withdrawal


class AmbiguousKeyError(DatasetError, KeyError):
    """The key names several entities; ``candidates`` lists their ids."""

    def __init__(self, key: str, candidates: Sequence[str]) -> None:
        super().__init__(
            f"{key!r} names {len(candidates)} entities: {', '.join(candidates)}; use an id"
        )
        self.key = key
        self.candidates = tuple(candidates)

    def __str__(self) -> str:
        return str(self.args[0])


class QueryError(DatasetError, ValueError):
    """A filter argument is wrong (end before start, unknown kind, unparseable date)."""


class ArgumentTypeError(DatasetError, TypeError):
    """An argument has the wrong type: a lookup key that is not a string, a number as a date."""


class MissingExtraError(DatasetError, ImportError):
    """An export needs an optional library that is not installed; the message names the extra.

    It is also an :class:`ImportError`, so code that guards optional imports catches it.
    """

    def __init__(self, module: str, extra: str, feature: str) -> None:
        super().__init__(
            f"{feature} needs {module}, which is not installed; "
            f"install it with: pip install 'syria-is-2024[{extra}]'",
            name=module,
        )
        self.module = module
        self.extra = extra


class ExportError(DataFileError, OSError):
    """An export could not be written, and changed nothing; ``file`` names the folder or file."""


class DictionaryError(DatasetError):
    """The model and its documentation disagree: a field or term without a meaning, or the reverse.

    Raised while generating the dictionary or the schema, so that the documentation build fails
    instead of publishing a field nobody explained.
    """


def a_or_an(noun: str) -> str:
    """The noun with its indefinite article, for messages: "an organization", "a place"."""
    return ("an " if noun[:1].lower() in ("a", "e", "i", "o", "u") else "a ") + noun
