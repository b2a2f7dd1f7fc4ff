"""Schemathesis against the OpenAPI spec the app serves: no operation answers with a 5xx (issue 2, faults).

Every operation of ``/api/openapi.json`` gets a bounded number of generated requests, valid and invalid
ones, sent with an API token to the app in-process; the only check is ``not_a_server_error``. The token
belongs to the demo administrator, whose role passes every role check, so the generated requests reach
the deepest code paths (an administrator's token needs no second factor: tokens are issued by the CLI).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from sqlalchemy import select

pytestmark = pytest.mark.slow

#: Generated requests per operation and generation mode.
EXAMPLES = 12


@schemathesis.serializer("application/x-ndjson")
def _ndjson(ctx: object, value: object) -> bytes:
    """FtM imports are JSON lines: send generated text as it is, anything else as one JSON line."""
    import json

    if isinstance(value, bytes):
        return value
    return (value if isinstance(value, str) else json.dumps(value)).encode()


def _token(username: str) -> str:
    from liaison.accounts.models import User
    from liaison.accounts.service import issue_api_token
    from liaison.core.db import session_scope

    with session_scope() as s:
        user = s.execute(select(User).where(User.username == username)).scalar_one()
        return issue_api_token(s, user, "schemathesis")


def test_no_operation_answers_5xx(db_url: str) -> None:
    from liaison.web.app import create_app

    auth = {"Authorization": f"Bearer {_token('admin')}"}
    # Frontline checks need the frontline role, which an administrator does not hold implicitly.
    frontline = {"Authorization": f"Bearer {_token('ba.pcc')}"}
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app())
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: schemathesis.Case) -> None:
                response = case.call(headers=frontline if case.operation.path.startswith("/api/v1/frontline") else auth)
                case.validate_response(response, checks=[not_a_server_error])

            try:
                run()
            except Unsatisfiable:
                # Nothing invalid can be generated for an operation without parameters or body.
                assert mode is GenerationMode.NEGATIVE, operation.label
            except Exception as exc:  # noqa: BLE001 - collect every failing operation, then report them all
                failures.append(f"{operation.label} ({mode.value}): {str(exc)[:1500]}")
    assert operations >= 10, "the spec lists too few operations: is /api/openapi.json complete?"
    assert not failures, "\n\n".join(failures)
