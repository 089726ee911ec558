"""closer: run the closing session of a mentoring partnership, and keep its record."""

__version__ = "0.1.0"
