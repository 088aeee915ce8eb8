"""Turn whatever a model call raised into one ``ModelError`` naming the cause.

Causes: no_key, auth, model_not_found, rate_limit, server, timeout, connection, stream_broken,
bad_request (and ``error`` for anything else). A failure after the first chunk is always
``stream_broken``: the text streamed so far is kept in ``partial``.
"""

from __future__ import annotations

from ..errors import ModelError

CAUSES = ("no_key", "auth", "model_not_found", "rate_limit", "server", "timeout", "connection",
          "stream_broken", "bad_request", "error")


def redact(text: str, secret: str | None) -> str:
    """Remove a secret (the API key) from text that may be shown, logged or stored."""
    if secret and len(secret) >= 4 and secret in text:
        return text.replace(secret, "[redacted]")
    return text


def _server_message(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        if body.get("message"):
            return str(body["message"])
    return str(getattr(exc, "message", "") or exc)


def _first_line(text: str, limit: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def classify(exc: BaseException, *, model: str, host: str, partial: str = "",
             started: bool = False, api_key: str | None = None) -> ModelError:
    """The ModelError for ``exc``; ``started`` is True once a chunk has arrived."""
    if isinstance(exc, ModelError):
        if partial and not exc.partial:
            exc.partial = partial
        return exc
    try:
        import openai
    except ImportError:  # pragma: no cover - the llm extra is installed wherever a model runs
        openai = None
    detail = redact(_first_line(_server_message(exc)), api_key)
    status = getattr(exc, "status_code", None)
    if started:
        if openai and isinstance(exc, openai.APITimeoutError):
            what = "timed out"
        elif openai and isinstance(exc, openai.APIConnectionError):
            what = "the connection was lost"
        else:
            what = detail or type(exc).__name__
        err = ModelError(f"the answer from {host} stopped after {len(partial)} characters: {what}",
                         cause="stream_broken", partial=partial,
                         hint="the partial answer is kept; run it again to get a full one")
    elif openai and isinstance(exc, openai.APITimeoutError):
        err = ModelError(f"{host} did not answer in time", cause="timeout", partial=partial,
                         hint="raise --timeout or LINKEDIN_PROMPTS_TIMEOUT, or try again")
    elif openai and isinstance(exc, openai.APIConnectionError):
        err = ModelError(f"cannot connect to {host}", cause="connection", partial=partial,
                         hint="check --base-url and that the server is running")
    elif status in (401, 403):
        err = ModelError(f"{host} refused the API key ({status}): {detail}", cause="auth",
                         partial=partial, hint="check OPENAI_API_KEY")
    elif status == 404:
        err = ModelError(f"model '{model}' not found on {host}: {detail}", cause="model_not_found",
                         partial=partial, hint="check --model or LINKEDIN_PROMPTS_MODEL")
    elif status == 429:
        err = ModelError(f"rate limited by {host} (429): {detail}", cause="rate_limit", partial=partial,
                         hint="wait and try again, or check your plan's limits")
    elif status is not None and status >= 500:
        err = ModelError(f"{host} failed with a server error ({status}): {detail}", cause="server",
                         partial=partial, hint="try again later")
    elif status is not None and 400 <= status < 500:
        err = ModelError(f"{host} rejected the request ({status}): {detail}", cause="bad_request",
                         partial=partial, hint="check the settings (model, temperature, max tokens)")
    elif isinstance(exc, TimeoutError):
        err = ModelError(f"{host} did not answer in time", cause="timeout", partial=partial)
    elif isinstance(exc, ConnectionError):
        err = ModelError(f"cannot connect to {host}", cause="connection", partial=partial)
    else:
        err = ModelError(f"the model call failed: {type(exc).__name__}: {detail}", cause="error",
                         partial=partial)
    err.__cause__ = exc
    return err
