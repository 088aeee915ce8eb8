"""What a run costs: a dated price table per model, overridable in config.yaml (``prices:``).

A model that is not in the table (local models, other providers, new OpenAI models) has no cost
estimate: ``None``, never a guess.

Source: OpenAI's API pricing page (https://developers.openai.com/api/docs/pricing, standard tier,
text tokens, USD per 1M tokens), as copied on 2026-11-05 by the API Evangelist post "OpenAI API
Pricing: What Every Model Costs Per Million Tokens" (2026-11-06) and cross-checked against the
tables at morphllm.com (June 2026) and deploybase.ai (March 2026). Read through those copies, not
first-hand: check the page before you budget, and override any figure in config.yaml::

    prices:
      gpt-5.4-mini: {input: 0.75, output: 4.50}
      llama3.1: {input: 0, output: 0}       # a local model: free
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Mapping

from .errors import ConfigError

PRICES_AS_OF = "2026-11-05"
PRICES_SOURCE = "https://developers.openai.com/api/docs/pricing"

# model → (input, output) in USD per 1M tokens.
PRICES: dict[str, tuple[float, float]] = {
    "gpt-5.5": (5.00, 30.00),
    "gpt-5.5-pro": (30.00, 180.00),
    "gpt-5.4": (2.50, 15.00),
    "gpt-5.4-pro": (30.00, 180.00),
    "gpt-5.4-mini": (0.75, 4.50),
    "gpt-5.4-nano": (0.20, 1.25),
    "gpt-5": (1.25, 10.00),
    "gpt-5-mini": (0.25, 2.00),
    "gpt-5-nano": (0.05, 0.40),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "o3": (2.00, 8.00),
    "o4-mini": (1.10, 4.40),
}

_SNAPSHOT = re.compile(r"^(?P<base>.+?)-\d{4}-\d{2}-\d{2}$")  # gpt-4o-mini-2024-07-18


@dataclass(frozen=True)
class Price:
    model: str
    input_per_million: float
    output_per_million: float
    source: str  # "table <date>" or "config"


@dataclass(frozen=True)
class CostEstimate:
    usd: float
    input_usd: float
    output_usd: float
    model: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return f"${self.usd:.6f}".rstrip("0").rstrip(".") if self.usd else "$0"


def _user_prices(config: Mapping[str, Any] | None) -> dict[str, tuple[float, float]]:
    if config is None:
        from .userconfig import read_config

        config = read_config()
    raw = config.get("prices") or {}
    if not isinstance(raw, Mapping):
        raise ConfigError("'prices' must map model names to {input: ..., output: ...}", field="prices")
    out: dict[str, tuple[float, float]] = {}
    for model, entry in raw.items():
        try:
            out[str(model).lower()] = (float(entry["input"]), float(entry["output"]))
        except (TypeError, KeyError, ValueError):
            raise ConfigError(f"price for '{model}' needs numeric 'input' and 'output' (USD per 1M tokens)",
                              field=f"prices.{model}") from None
    return out


def price_for(model: str | None, *, config: Mapping[str, Any] | None = None) -> Price | None:
    """The price of ``model``: the user's override first, then the table; None when unknown."""
    if not model:
        return None
    name = model.strip().lower().removeprefix("openai/")
    candidates = [name]
    snap = _SNAPSHOT.match(name)
    if snap:
        candidates.append(snap.group("base"))
    user = _user_prices(config)
    for table, source in ((user, "config"), (PRICES, f"table {PRICES_AS_OF}")):
        for candidate in candidates:
            if candidate in table:
                inp, out = table[candidate]
                return Price(model, inp, out, source)
    return None


def estimate_cost(model: str | None, input_tokens: int, output_tokens: int = 0, *,
                  config: Mapping[str, Any] | None = None) -> CostEstimate | None:
    price = price_for(model, config=config)
    if price is None:
        return None
    inp = input_tokens * price.input_per_million / 1_000_000
    out = output_tokens * price.output_per_million / 1_000_000
    return CostEstimate(round(inp + out, 8), round(inp, 8), round(out, 8), str(model), price.source)
