"""Liaison: cross-border law-enforcement cooperation for South-East Europe."""
__version__ = "0.1.0"
