"""Enab Baladi's report "Five years since al-Baghouz battle" (April 2024) as a typed dataset.

Entities, events and figures, each with verbatim evidence and attribution, read through the
accessors below; the record classes and :class:`Dataset` are importable from here too.
Importing the package reads no file; the data loads on the first call.
"""

from ._version import __version__
from .accessors import (
    changes,
    cite,
    conflicting_accounts,
    describe,
    entities,
    entity,
    errata,
    event,
    events,
    figure,
    figures,
    frame,
    frames,
    get_dataset,
    load_dataset,
    record,
    referenced_by,
    search,
    source,
)
from .dataset import Dataset
from .errors import (
    AmbiguousKeyError,
    ArgumentTypeError,
    DataFileError,
    DatasetError,
    DictionaryError,
    IntegrityError,
    InvalidRecordError,
    LinkError,
    MissingExtraError,
    QueryError,
    SchemaError,
    UnknownKeyError,
    WithdrawnError,
)
from .model import Entity, Event, Figure, Source

__all__ = [
    "AmbiguousKeyError",
    "ArgumentTypeError",
    "DataFileError",
    "Dataset",
    "DatasetError",
    "DictionaryError",
    "Entity",
    "Event",
    "Figure",
    "IntegrityError",
    "InvalidRecordError",
    "LinkError",
    "MissingExtraError",
    "QueryError",
    "SchemaError",
    "Source",
    "UnknownKeyError",
    "WithdrawnError",
    "__version__",
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
