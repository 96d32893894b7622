"""The one place the package and dataset version is defined."""

__version__ = "2.0.0"
