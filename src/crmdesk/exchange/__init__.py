"""Data in and out: spreadsheet, CSV and vCard import; Excel and CSV export;
duplicate finding.  Used by the command line and (in worker threads) the GUI.

The pieces, and how a window drives them (no Qt here; every long call takes a
:class:`crmdesk.jobs.Job` - the progress and cancel flag a worker thread shares
with the window - and the ``Database``, on which it opens its own sessions):

Import wizard
    1. ``sources.open_source(path, encoding=, sheet=, preset=)`` -> ``Source``:
       headers, ``sample()``, ``sheets``, detected ``encoding``/``delimiter``,
       ``preset`` (google/outlook) and ``hints``.
    2. ``mapping.guess_mapping(entity, source.headers, custom_defs, source.hints)``
       -> an editable ``ColumnMapping`` (header -> target); ``mapping.targets(entity,
       custom_defs)`` lists what a column may fill (for a combo box);
       ``ColumnMapping.save/load`` keep named mappings as JSON.
    3. ``importer.preview(db, actor, source, mapping, options, job, rows=200)``
       checks the first rows at once (again after each mapping change) and, with
       ``rows=None``, the whole file: ``ImportResult.outcomes`` are the rows with
       their mapped values, per-field ``problems`` and ``duplicate`` match (an
       existing record, or an earlier row), and the planned ``action``.
    4. The user picks ``ImportOptions(mode, duplicates, row_actions={row: action})``;
       ``importer.run_import(...)`` imports in one transaction (cancel: nothing
       changes); ``error_report.write_error_report(path, result.problems)`` saves
       the per-row report.

Export ("the datasheet as it is shown")
    ``exporter.ExportRequest(entity, list_query, visible_columns_in_order)``;
    ``exporter.check_export(session, actor, request)`` says up front how many rows
    and whether the user may (staff limit, sensitive fields);
    ``exporter.export(db, actor, request, path, job)`` writes ``.xlsx``/``.csv``
    atomically; ``exporter.available_columns(session, entity)`` for a column chooser.

Duplicate finder
    ``duplicates.find_duplicates(session, actor, job=, limit=)`` -> groups with
    their reasons; ``duplicates.compare(session, actor, ids)`` puts the fields side by
    side; ``crmdesk.core.services.merging.merge(session, actor, survivor, other,
    choose={field: customer_id})`` merges, ``merging.undo`` (or restoring the merged
    customer from the recycle bin) undoes.
"""
