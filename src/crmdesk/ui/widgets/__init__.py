"""Widgets of the desktop interface."""
