"""Enab Baladi's report "Five years since al-Baghouz battle" (April 2024) as a typed dataset.

Entities, events and figures, each with verbatim evidence and attribution, read through the
accessors below. Importing the package reads no file; the data loads on the first call.
"""

from ._version import __version__
from .accessors import (
    changes,
    cite,
    conflicting_accounts,
    entities,
    entity,
    errata,
    event,
    events,
    figure,
    figures,
    get_dataset,
    load_dataset,
    record,
    referenced_by,
    source,
)
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

__all__ = [
    "AmbiguousKeyError",
    "ArgumentTypeError",
    "DataFileError",
    "DatasetError",
    "DictionaryError",
    "IntegrityError",
    "InvalidRecordError",
    "LinkError",
    "MissingExtraError",
    "QueryError",
    "SchemaError",
    "UnknownKeyError",
    "WithdrawnError",
    "__version__",
    "changes",
    "cite",
    "conflicting_accounts",
    "entities",
    "entity",
    "errata",
    "event",
    "events",
    "figure",
    "figures",
    "get_dataset",
    "load_dataset",
    "record",
    "referenced_by",
    "source",
]
