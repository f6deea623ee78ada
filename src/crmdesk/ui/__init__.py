"""The Qt desktop interface: thin callers of the services (no SQL here)."""
