"""The database session type the services take, for callers that name it in annotations.

The window and the command line hand a ``Session`` from :class:`Database` to the
services without using SQLAlchemy themselves (they must not import it): they
import the type from here.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

__all__ = ["Session"]
