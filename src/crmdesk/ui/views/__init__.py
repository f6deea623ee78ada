"""Views of the desktop interface."""
