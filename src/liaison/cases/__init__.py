"""Cases and the messages exchanged in them: requests, replies, clarifications, refusals, deadlines."""

from __future__ import annotations

from liaison.core.registry import Registry


def register(registry: Registry) -> None:
    from liaison.cases import api, references, views
    from liaison.cases.deadlines import ensure_profiles
    from liaison.cases.labels import TEMPLATE_GLOBALS
    from liaison.core.web import templates

    # Words for stored codes and the urgency of a request, for every page that shows messages or cases.
    templates.env.globals.update(TEMPLATE_GLOBALS)

    registry.add_models("liaison.cases.models")
    # 0001 predates per-capability migrations: the case system with the agencies, accounts, notifications and
    # audit tables it was built with. 0006 is the access rule (it also adds the seizures' send permissions).
    registry.add_migrations("0001", "0003", "0006", "0017")  # 0017: deadline pause, case outcome and history
    registry.add_reference_data(ensure_profiles)
    registry.add_router(api.router)
    registry.add_router(views.router)
    registry.add_reference_resolver(references.resolve)
