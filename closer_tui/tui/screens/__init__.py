"""Screens: thin views that ask the app for data and post messages back."""
