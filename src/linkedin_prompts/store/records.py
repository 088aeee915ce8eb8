"""What the history holds about one run (one turn of a conversation). Plain data, no database."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from ..render import RenderResult
    from ..run.session import RunOutcome

STATUSES = ("complete", "incomplete", "error")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass
class RunRecord:
    output: str
    status: str
    model: str
    messages: list[dict[str, str]]
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    conversation_id: str = ""
    turn: int = 0
    user_id: str = "local"
    created_at: str = field(default_factory=now_iso)
    prompt_id: str | None = None
    prompt_version: str | None = None
    content_hash: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    base_url_host: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    error_cause: str | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    total_tokens: int | None = None
    usage_source: str | None = None
    latency_ms: float | None = None
    first_token_ms: float | None = None
    cost_usd: float | None = None
    favourite: bool = False

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {self.status!r}")
        if not self.conversation_id:
            self.conversation_id = self.id

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "RunRecord":
        names = {f.name for f in fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown fields in a run record: {', '.join(sorted(unknown))}")
        return cls(**dict(data))

    @property
    def ref(self) -> str | None:
        return f"{self.prompt_id}@{self.prompt_version}" if self.prompt_id else None


def record_from_outcome(outcome: "RunOutcome", *, render: "RenderResult | None" = None,
                        conversation_id: str = "", turn: int = 0, user_id: str = "local") -> RunRecord:
    """The history record of a finished (or failed) run. Holds no API key: none is ever passed in."""
    return RunRecord(
        output=outcome.text, status=outcome.status, model=outcome.model,
        messages=[dict(m) for m in outcome.messages], conversation_id=conversation_id, turn=turn,
        user_id=user_id,
        prompt_id=render.id if render else None, prompt_version=render.version if render else None,
        content_hash=render.content_hash if render else None,
        variables=dict(render.variables) if render else {},
        base_url_host=outcome.host, params=dict(outcome.params),
        error=str(outcome.error) if outcome.error else None,
        error_cause=outcome.error.cause if outcome.error else None,
        input_tokens=outcome.input_tokens, output_tokens=outcome.output_tokens,
        total_tokens=outcome.total_tokens, usage_source=outcome.usage_source,
        latency_ms=outcome.latency_ms, first_token_ms=outcome.first_token_ms,
        cost_usd=outcome.cost.usd if outcome.cost else None,
    )
