"""The public accessors over the bundled dataset, loaded once on first use.

Importing the package imports the record model, but neither cattrs nor the loader: they are
imported when one of these functions is first called. The first call loads and verifies
everything under a lock; every later call returns the same immutable records.
"""

from __future__ import annotations

import _thread
import os

from ._version import __version__

# Names only type checkers import (the module itself needs none of them at run time).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Collection

    import pandas as pd

    from .dataset import Dataset
    from .model import Entity, Erratum, Event, Figure, Record, Release, Source

    DateArg = dt.date | str | int | None

__all__ = [
    "changes",
    "cite",
    "conflicting_accounts",
    "describe",
    "entities",
    "entity",
    "errata",
    "event",
    "events",
    "figure",
    "figures",
    "frame",
    "frames",
    "get_dataset",
    "load_dataset",
    "record",
    "referenced_by",
    "search",
    "source",
]

_lock = _thread.allocate_lock()


def _new_lock_in_child() -> None:
    """Give a forked child a lock of its own: a thread of the parent may have held the old one."""
    global _lock
    _lock = _thread.allocate_lock()


if hasattr(os, "register_at_fork"):  # where processes fork (not on Windows)
    os.register_at_fork(after_in_child=_new_lock_in_child)
_bundled: Dataset | None = None


def get_dataset() -> Dataset:
    """The bundled dataset, loaded and verified on the first call, then shared."""
    global _bundled
    loaded = _bundled
    if loaded is None:
        with _lock:
            if _bundled is None:
                from .loader import load_bundled

                _bundled = load_bundled()
            loaded = _bundled
    return loaded


def load_dataset(path: str | os.PathLike[str]) -> Dataset:
    """Load and verify a dataset from a folder laid out like the bundled data (manifest first)."""
    from .loader import load_directory

    return load_directory(path)


def source() -> Source:
    """The article the dataset is built from, with its SHA-256 and publication date."""
    return get_dataset().source


def entities(kind: str | Collection[str] | None = None) -> tuple[Entity, ...]:
    """All entities, or those of the given kind(s): person, organization, group, outlet, place."""
    return get_dataset().entities(kind)


def entity(key: str) -> Entity:
    """The entity with this id, name or alias (case, diacritics, spacing and 'al-' ignored).

    Raises :class:`~syria_is_2024.errors.UnknownKeyError` (also a ``KeyError``) with close names
    when nothing matches, and :class:`~syria_is_2024.errors.AmbiguousKeyError` when the key
    names several entities.
    """
    return get_dataset().entity(key)


def search(text: str) -> tuple[Entity, ...]:
    """The entities whose id, name or an alias contains ``text``, sorted by kind and id.

    Case, diacritics, punctuation, spacing and "al-" are ignored, as in :func:`entity`:
    ``search("baghouz")`` finds al-Baghouz and every name holding it.
    """
    return get_dataset().search(text)


def events(
    start: DateArg = None,
    end: DateArg = None,
    *,
    involving: str | None = None,
    at: str | None = None,
    kind: str | Collection[str] | None = None,
    status: str | Collection[str] | None = None,
    ongoing: bool | None = None,
    within: bool = False,
    members: bool = False,
) -> tuple[Event, ...]:
    """Events in chronological order whose date span overlaps the window from ``start`` to ``end``.

    ``start`` and ``end`` are dates, ISO text or years (``events(2023, 2023)`` is the whole
    of 2023). ``involving`` is an entity key (a participant, never a place); with
    ``members=True`` its members and sub-organizations, at any depth, count too. ``at`` is a
    place key and includes every place within it; ``kind`` is one event kind or several;
    ``status`` how the article holds them (``claimed`` ...), in any case; ``ongoing=False``
    leaves out ongoing situations and trends; ``within=True`` keeps only events whose whole
    span lies inside the window.
    """
    return get_dataset().events(
        start,
        end,
        involving=involving,
        at=at,
        kind=kind,
        status=status,
        ongoing=ongoing,
        within=within,
        members=members,
    )


def event(id: str) -> Event:
    """The event with this id."""
    return get_dataset().event(id)


def figures(
    start: DateArg = None,
    end: DateArg = None,
    *,
    subject: str | None = None,
    at: str | None = None,
    measure: str | Collection[str] | None = None,
    counts: str | Collection[str] | None = None,
    status: str | Collection[str] | None = None,
    within: bool = False,
    members: bool = False,
) -> tuple[Figure, ...]:
    """Figures whose period overlaps (or, ``within=True``, lies inside) the window.

    ``subject`` is an entity key (among the figure's actors or affected; with
    ``members=True``, or one of its members at any depth), ``at`` a place key (places within
    it count), ``measure`` one of count, duration and rank, ``counts`` what a count counts
    (``killed`` ...), ``status`` how the article holds the number.
    """
    return get_dataset().figures(
        start,
        end,
        subject=subject,
        at=at,
        measure=measure,
        counts=counts,
        status=status,
        within=within,
        members=members,
    )


def figure(id: str) -> Figure:
    """The figure with this id."""
    return get_dataset().figure(id)


def record(id: str) -> Record:
    """The entity, event or figure with this id."""
    return get_dataset().record(id)


def referenced_by(id: str) -> tuple[Record, ...]:
    """Every record whose links, parts, places, participants or attributions name this id."""
    return get_dataset().referenced_by(id)


def describe(record: Record | str) -> str:
    """A record, or the one with this id or entity name, in full, as ``syria-is-2024 show``.

    Every field, the quotes, who asserts it, notes, errata, and for an entity the events and
    figures naming it. (A record's ``repr`` is one line; ``attrs.asdict`` gives its values.)
    """
    from . import views

    dataset = get_dataset()
    return views.describe(
        dataset, views.find(dataset, record) if isinstance(record, str) else record
    )


def changes(since: str | None = None) -> tuple[Release, ...]:
    """The releases after version ``since`` (all for ``None``): added, changed, withdrawn ids."""
    return get_dataset().changes(since)


def conflicting_accounts() -> tuple[tuple[Event, ...], ...]:
    """Groups of events that tell one happening in conflicting ways, each kept as said."""
    return get_dataset().conflicting_accounts()


def errata() -> tuple[tuple[Record, Erratum], ...]:
    """Every evident error of the article flagged in the data, with the record carrying it."""
    return get_dataset().errata()


def frame(name: str) -> pd.DataFrame:
    """The table ``name`` (``events``: a row per event, as in ACLED) as a pandas DataFrame.

    Only that table is built. Needs the ``pandas`` extra, else raises ``MissingExtraError``.
    """
    from .export import to_frames

    return to_frames(get_dataset(), name)[name]


def frames() -> dict[str, pd.DataFrame]:
    """Every table as a pandas DataFrame, by name, as :func:`frame` gives each."""
    from .export import to_frames

    return to_frames(get_dataset())


def cite(style: str = "bibtex") -> str:
    """A citation of this dataset version: ``bibtex``, ``apa`` or ``text``."""
    from .citation import cite as render

    return render(get_dataset(), __version__, style)
