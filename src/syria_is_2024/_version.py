"""The one place the package and dataset version is defined."""

__version__ = "1.0.0"
