"""Run rendered prompts through a chat model: settings, the LangChain chain, streamed sessions.

Importing this package is cheap; LangChain and the OpenAI SDK load when a model is built.
"""

from .settings import DEFAULT_MODEL, ModelSettings, resolve_settings

__all__ = ["DEFAULT_MODEL", "ModelSettings", "resolve_settings"]
