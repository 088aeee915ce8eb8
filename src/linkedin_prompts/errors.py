"""Errors a user can cause. Each message names what to fix; the CLI prints it on one line."""

from __future__ import annotations


class PromptStudioError(Exception):
    """Base class. ``exit_code`` is what the CLI exits with."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None, hint: str | None = None):
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        field = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{field}{self.message}{hint}"


class LibraryError(PromptStudioError):
    """A library file is unreadable, malformed or breaks the format."""


class NotFoundError(PromptStudioError):
    """An unknown prompt id, version, profile or record."""


class VariableError(PromptStudioError):
    """A variable value is missing or breaks its schema."""

    def __init__(self, variable: str, message: str, *, hint: str | None = None):
        super().__init__(message, field=f"variable '{variable}'", hint=hint)
        self.variable = variable


class TemplateError(PromptStudioError):
    """A template failed to compile or render, or the sandbox refused it."""


class ProfileError(PromptStudioError):
    """A saved profile is unreadable or malformed."""


class ConfigError(PromptStudioError):
    """A setting is missing or invalid."""


class ModelError(PromptStudioError):
    """Calling a model failed (no key, 401, 404, 429, 5xx, timeout, network, broken stream)."""

    exit_code = 3

    def __init__(self, message: str, *, cause: str = "error", partial: str = "", hint: str | None = None):
        super().__init__(message, hint=hint)
        self.cause = cause
        self.partial = partial
