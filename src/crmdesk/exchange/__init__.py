"""Data in and out: spreadsheet, CSV and vCard import; Excel and CSV export;
duplicate finding.  Used by the command line and (in worker threads) the GUI.

The pieces, and how a GUI drives them:

* :mod:`.sources` opens a file (``open_source``): its columns, a sample of rows,
  the sheets of a workbook, the detected encoding and preset (Google/Outlook).
* :mod:`.mapping` guesses which field each column fills (``guess_mapping``),
  lists the possible targets (``targets``) for an editable mapping, and saves or
  loads a named mapping as JSON.
* :mod:`.importer` validates every row with the services' rules
  (``preview``: rows with their per-field problems and duplicate matches) and
  imports (``run_import``) in one transaction, in *all-or-nothing* or
  *valid-rows* mode, with a chosen action for duplicates (and per-row
  overrides); :mod:`.error_report` saves the problems as ``.xlsx``.
* :mod:`.exporter` writes what a datasheet shows (``ExportRequest``: a
  ``ListQuery``, the visible columns in order) to ``.xlsx`` or ``.csv``.
* :mod:`.duplicates` finds groups of likely duplicate customers; the merge
  itself is :mod:`crmdesk.core.services.merging`.

Long operations take a :class:`.jobs.JobControl`: a progress callback and a
cancel flag a worker thread can share with the window.  A cancelled or failed
import leaves the database exactly as it was.
"""
