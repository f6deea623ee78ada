"""How many rows a list reads at a time: one home for the datasheet's page and for the
break-evens of the list plans that depend on it (``permissions.MANY_SLOPE``,
``search.QUICK_SLOPE``, ``search.QUICK_FEW_SLOPE``)."""

from __future__ import annotations

#: rows a datasheet shows first and reads at a time: twice what a tall screen shows (a
#: maximised window on a 1440-pixel screen shows about 50 rows); the rest of the list's
#: ids follow in the background.  A list read in its own order, each row checked (a
#: quick filter of a word many records hold), reads about PAGE x rows / matches rows
#: before the first rows show, so the page is what the user waits for (200 until
#: December 2026: a manager's quick filter of ``zhang`` at ten million customers read
#: 16,000 rows, 160 ms).
PAGE = 100
