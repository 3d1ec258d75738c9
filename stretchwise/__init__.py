"""Stretchwise: an open-source clinic platform for assisted stretch therapy."""

__version__ = "0.1.0"
