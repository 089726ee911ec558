"""Widgets shared by closer's screens."""
