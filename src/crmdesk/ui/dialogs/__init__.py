"""Dialogs of the desktop interface."""
