"""The one place the package and dataset version is defined."""

__version__ = "2.1.1"
