"""The one place the package and dataset version is defined."""

__version__ = "0.1.0"
