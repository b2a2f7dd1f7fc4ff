"""Events one capability fires so that others can react without being imported by it.

Example: erasing a case fires ``case_erased``; the entities capability registered a handler for it (in its
``register(registry)``), so erasing a case also erases the people and identifiers attached to it while
``cases`` never imports ``entities``. Handlers live in the installed registry (``core.registry``), never in
module state filled at import time.

Events and their keyword arguments:

- ``case_consulted``: session, actor, case, messages
- ``case_erased``: session, actor, case_id, message_ids
- ``entity_saved``: session, actor, entity (the stored row), model (the validated entity)
- ``entities_erased``: session, entity_ids
- ``hit_decided``: session, actor, hit (confirmed or rejected)
- ``seizure_saved``: session, actor, seizure (a new environmental seizure record)
- ``ftm_relations_imported``: session, actor, case_id, message_id, links (``(ftm.Relation, source entity id,
  target entity id)`` triples)
"""

from __future__ import annotations

from typing import Any

from liaison.core.registry import installed


def fire(event: str, **kwargs: Any) -> None:
    installed().fire(event, **kwargs)
