"""Frontline checks: watchlists, instant checks at border crossings and PCC desks, offline replica.

Importing the package registers the demo watchlists with the demo seed (``demo_seeded`` hook).
"""

from liaison.frontline import demo as _demo  # noqa: F401  - registers the demo_seeded hook
