"""The frozen program's entry point: ``crmdesk [COMMAND ...]`` or ``crmdesk [FILE]``.

``freeze_support`` comes first: the demo generator and the importer start worker
processes with the "spawn" method, which in a frozen program re-runs this
executable; the workers must not reach the command line.
"""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from crmdesk.cli import main

    raise SystemExit(main())
