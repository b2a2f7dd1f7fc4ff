"""The caller's own account over the API: API tokens (list, create, revoke), password, second factor,
and signing out of every browser session."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from liaison.accounts import service
from liaison.accounts.deps import SESSION_COOKIE, ApiActor
from liaison.accounts.models import ApiToken
from liaison.core import security
from liaison.core.web import DB, PathId

router = APIRouter(prefix="/api/v1/account", tags=["account"])


class TokenOut(BaseModel):
    id: int
    name: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    state: str

    @classmethod
    def of(cls, row: ApiToken) -> TokenOut:
        return cls(
            id=row.id,
            name=row.name,
            created_at=row.created_at,
            expires_at=row.expires_at,
            last_used_at=row.last_used_at,
            state=service.token_state(row),
        )


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    expires_days: int | None = Field(default=None, ge=1, le=service.MAX_TOKEN_DAYS)


class NewTokenOut(TokenOut):
    token: str = Field(description="Shown once: only its digest is stored.")


class PasswordIn(BaseModel):
    old_password: str = Field(max_length=1000)
    new_password: str = Field(max_length=1000)
    totp: str = Field(default="", max_length=20)


class TotpOut(BaseModel):
    secret: str
    uri: str


class CodeIn(BaseModel):
    code: str = Field(max_length=20)


@router.get("/tokens", response_model=list[TokenOut])
def my_tokens(session: DB, actor: ApiActor) -> list[TokenOut]:
    return [TokenOut.of(row) for row in service.api_tokens_of(session, actor.user.id)]


@router.post("/tokens", response_model=NewTokenOut, status_code=201)
def create_token(body: TokenIn, session: DB, actor: ApiActor) -> NewTokenOut:
    row, token = service.create_api_token(session, actor.user, body.name, actor.ctx, body.expires_days)
    return NewTokenOut(token=token, **TokenOut.of(row).model_dump())


@router.delete("/tokens/{token_id}", response_model=TokenOut)
def revoke_token(token_id: PathId, session: DB, actor: ApiActor) -> TokenOut:
    return TokenOut.of(service.revoke_api_token(session, token_id, actor.ctx, owner_id=actor.user.id))


@router.post("/password", status_code=204)
def change_password(body: PasswordIn, request: Request, session: DB, actor: ApiActor) -> None:
    service.change_password(
        session,
        actor.user,
        body.old_password,
        body.new_password,
        body.totp,
        ip=actor.ip,
        keep_token=request.cookies.get(SESSION_COOKIE, ""),
    )


@router.post("/totp", response_model=TotpOut)
def start_totp(session: DB, actor: ApiActor) -> TotpOut:
    secret = service.start_totp_enrolment(session, actor.user)
    return TotpOut(secret=secret, uri=security.totp_uri(secret, actor.user.username))


@router.post("/totp/confirm", status_code=204)
def confirm_totp(body: CodeIn, session: DB, actor: ApiActor) -> None:
    service.confirm_totp_enrolment(session, actor.user, body.code, actor.ip)


@router.post("/sessions/end-all")
def end_all_sessions(session: DB, actor: ApiActor) -> dict[str, int]:
    """Sign out of every browser session of this account (API tokens are revoked one by one)."""
    return {"ended": service.end_all_sessions(session, actor.user.id)}
