"""The Textual side of closer: the app (an adapter over the desk), its screens and widgets.

Everything outside this package is pure Python and never imports Textual.
"""
