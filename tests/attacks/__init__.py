"""Attack figures (``make attacks``): what issue 19's attacker tried, counted again.

Not unit tests (those reproduce each attack once, fast): these run the attacks at
the issue's scale and print the figures for the closing note and the README.
"""
