"""Render a prompt: values → checked values → sandboxed Jinja → a copy-ready result."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError, TemplateNotFound, TemplateRuntimeError

from . import values as V
from .errors import TemplateError, VariableError

if TYPE_CHECKING:
    from .library import Prompt
    from .sandbox import PromptEnvironment


@dataclass(frozen=True)
class RenderResult:
    id: str
    version: str
    content_hash: str
    system: str | None
    prompt: str
    text: str
    variables: dict[str, Any]
    sources: dict[str, str] = field(default_factory=dict)  # variable → explicit|profile|default|empty
    output_kind: str = "other"
    title: str = ""

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def messages(self) -> list[dict[str, str]]:
        """The chat messages to send: system (if any), then the prompt."""
        out = [{"role": "system", "content": self.system}] if self.system else []
        out.append({"role": "user", "content": self.prompt})
        return out

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def merge_text(system: str | None, prompt: str) -> str:
    """One copy-ready text for pasting into a chat window: the system part first."""
    return f"{system}\n\n{prompt}" if system else prompt


def resolve_values(prompt: "Prompt", explicit: Mapping[str, Any] | None,
                   profile: Mapping[str, Any] | None = None,
                   profile_name: str | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """Apply precedence (explicit > profile > default), coerce, and check every declared variable."""
    explicit = dict(explicit or {})
    profile = dict(profile or {})
    spec = prompt.spec
    unknown = sorted(set(explicit) - {v.name for v in spec.variables})
    if unknown:
        names = ", ".join(v.name for v in spec.variables) or "none"
        raise VariableError(unknown[0], f"is not a variable of {spec.id}", hint=f"its variables: {names}")
    resolved: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for var in spec.variables:
        if var.name in explicit and not V.is_blank(explicit[var.name]):
            raw, source = explicit[var.name], "explicit"
        elif var.name in profile and not V.is_blank(profile[var.name]):
            raw, source = profile[var.name], "profile"
        elif var.default is not None:
            raw, source = var.default, "default"
        else:
            raw, source = None, "empty"
        if raw is None:
            if var.required:
                raise VariableError(var.name, f"is required ({var.label})",
                                    hint=f"pass --var {var.name}=VALUE, or --example to start from the example")
            resolved[var.name], sources[var.name] = V.empty_value(var), source
            continue
        try:
            resolved[var.name] = V.check(var, V.coerce(var, raw))
        except VariableError as exc:
            if source == "profile" and profile_name:
                exc.hint = f"from profile '{profile_name}'; fix it there or pass a value"
                exc.args = (str(exc),)
            raise
        sources[var.name] = source
    return resolved, sources


def render_prompt(prompt: "Prompt", env: "PromptEnvironment", values: Mapping[str, Any] | None = None,
                  *, profile: Mapping[str, Any] | None = None, profile_name: str | None = None) -> RenderResult:
    resolved, sources = resolve_values(prompt, values, profile, profile_name)
    spec = prompt.spec
    system = render_template(env, spec.system, resolved, prompt, "system") if spec.system else None
    body = render_template(env, spec.template, resolved, prompt, "template")
    return RenderResult(
        id=spec.id, version=spec.version, content_hash=prompt.content_hash,
        system=system or None, prompt=body, text=merge_text(system or None, body),
        variables=resolved, sources=sources, output_kind=spec.output.kind, title=spec.title,
    )


def render_template(env: "PromptEnvironment", source: str, context: Mapping[str, Any],
                    prompt: "Prompt", field_name: str) -> str:
    """Render one template field; every failure becomes a TemplateError naming file and line."""
    template = compile_template(env, source, prompt, field_name)
    try:
        out = env.render_bounded(template, dict(context))
    except UndefinedError as exc:
        raise TemplateError(f"{field_name} uses an undefined value: {exc.message}", file=str(prompt.path),
                            hint="declare the variable or guard it with 'is defined'") from None
    except SecurityError as exc:
        raise TemplateError(f"{field_name} refused by the sandbox: {exc}", file=str(prompt.path)) from None
    except TemplateNotFound as exc:
        raise TemplateError(f"{field_name} includes '{exc.name}', which is not a partial of the library",
                            file=str(prompt.path), hint="partials live in the _partials folder") from None
    except TemplateRuntimeError as exc:
        raise TemplateError(f"{field_name} failed: {exc}", file=str(prompt.path)) from None
    except (TypeError, ValueError, ArithmeticError, RecursionError, LookupError) as exc:
        raise TemplateError(f"{field_name} failed: {type(exc).__name__}: {exc}",
                            file=str(prompt.path)) from None
    # Templates are authored with trim_blocks; only tidy the template's own blank runs at the ends.
    return out.strip("\n ")


def compile_template(env: "PromptEnvironment", source: str, prompt: "Prompt", field_name: str):
    try:
        return env.template(source, f"{prompt.id}@{prompt.version}:{field_name}")
    except TemplateSyntaxError as exc:
        base = _field_line(prompt, field_name)
        line = base + exc.lineno if base and exc.lineno else base
        raise TemplateError(f"Jinja syntax error in {field_name}: {exc.message}", file=str(prompt.path),
                            line=line, hint=f"line {exc.lineno} of the {field_name}") from None
    except TemplateNotFound as exc:
        raise TemplateError(f"{field_name} includes '{exc.name}', which does not exist",
                            file=str(prompt.path), hint="put partials in the library's _partials folder") from None
    except SecurityError as exc:
        base, lineno = _field_line(prompt, field_name), getattr(exc, "lineno", None)
        line = base + lineno if base and lineno else base
        raise TemplateError(f"{field_name} refused by the sandbox: {exc}", file=str(prompt.path),
                            line=line) from None


def _field_line(prompt: "Prompt", field_name: str) -> int | None:
    """The line of a field in the prompt's file; parsed only when an error needs it."""
    from .yamlio import key_line

    return key_line(prompt.text, field_name) if prompt.text else None
