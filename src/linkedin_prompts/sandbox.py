"""The Jinja2 sandbox every template runs in.

ImmutableSandboxedEnvironment blocks attribute walks and mutation. On top of it this module
closes what the sandbox leaves open: constant folding of ``**`` at compile time, huge ``*``
repetition and ``%`` padding, macros and recursive loops (unbounded recursion), loops that never
end (every ``for`` is wrapped in an iteration budget with a deadline), filters that can allocate
without bound, and template and output size.
"""

from __future__ import annotations

import contextvars
import operator
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

from jinja2 import BaseLoader, FileSystemBytecodeCache, StrictUndefined, Template, TemplateNotFound, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_TEMPLATE_CHARS = 60_000
MAX_OUTPUT_CHARS = 200_000
MAX_ITERATIONS = 100_000
MAX_SECONDS = 2.0
MAX_REPEAT_CHARS = 20_000
MAX_POWER_EXPONENT = 64

PARTIALS_DIR = "_partials"
# Bump when _parse's checks or rewrites change: compiled templates cached on disk carry them, and
# must not outlive them.
SANDBOX_VERSION = "1"
MAX_COMPILED_IN_MEMORY = 512
_LOOP_GUARD = "__loop_guard__"


class _Budget:
    __slots__ = ("iterations", "deadline")

    def __init__(self) -> None:
        self.iterations = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def step(self) -> None:
        self.iterations += 1
        if self.iterations > MAX_ITERATIONS:
            raise SecurityError(f"loops ran over {MAX_ITERATIONS:,} iterations")
        if self.iterations % 256 == 0 and time.monotonic() > self.deadline:
            raise SecurityError(f"rendering took over {MAX_SECONDS:g} s")


_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("budget", default=None)


def _loop_guard(iterable: Iterable[Any]) -> Iterator[Any]:
    budget = _budget.get() or _Budget()
    for item in iterable:
        budget.step()
        yield item


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


def _bounded_mul(left: Any, right: Any) -> Any:
    for seq, n in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
            if _size(seq) * max(n, 0) > MAX_REPEAT_CHARS:
                raise SecurityError(f"repetition would exceed {MAX_REPEAT_CHARS:,} items")
    return operator.mul(left, right)


def _bounded_pow(left: Any, right: Any) -> Any:
    if isinstance(right, (int, float)) and abs(right) > MAX_POWER_EXPONENT:
        raise SecurityError(f"exponents above {MAX_POWER_EXPONENT} are not allowed")
    if isinstance(left, (int, float)) and abs(left) > 10**6:
        raise SecurityError("powers of numbers above 1,000,000 are not allowed")
    return operator.pow(left, right)


def _bounded_mod(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        raise SecurityError("'%' string formatting is not allowed; use '~' to join text")
    return operator.mod(left, right)


def _capped(name: str, fn, *arg_caps: tuple[int, int]):
    """Wrap a filter so numeric arguments at given positions stay under a cap."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for pos, cap in arg_caps:
            if len(args) > pos and isinstance(args[pos], int) and args[pos] > cap:
                raise SecurityError(f"filter '{name}' argument {args[pos]} is above {cap}")
        for value in kwargs.values():
            if isinstance(value, int) and value > MAX_REPEAT_CHARS:
                raise SecurityError(f"filter '{name}' argument {value} is too large")
        return fn(*args, **kwargs)

    return wrapper


def _safe_replace(value: Any, old: str, new: str, count: int | None = None) -> str:
    text = str(value)
    hits = text.count(str(old)) if old else len(text) + 1
    if len(text) + hits * len(str(new)) > MAX_OUTPUT_CHARS:
        raise SecurityError("replace would produce too much text")
    return text.replace(str(old), str(new), -1 if count is None else count)


_UNSAFE_STR_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs", "format", "format_map",
                       "encode", "translate", "maketrans"}

_ALLOWED_FILTERS = {
    "abs", "batch", "capitalize", "count", "d", "default", "dictsort", "first", "float",
    "groupby", "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min",
    "reject", "rejectattr", "round", "select", "selectattr", "slice", "sort", "string",
    "striptags", "sum", "title", "tojson", "trim", "truncate", "unique", "upper", "wordcount",
    "wordwrap",
}


class _PartialsLoader(BaseLoader):
    """Loads ``{% include "name.j2" %}`` from the ``_partials`` folder of the library layers.

    Later layers win. Names are plain file names (sub-folders allowed); anything that would
    step outside the partials folders (``..``, absolute paths) is refused.
    """

    def __init__(self, roots: list[Path]):
        self.roots = roots

    def get_source(self, environment, template):  # type: ignore[override]
        parts = template.replace("\\", "/").split("/")
        if template.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise TemplateNotFound(template)
        for root in reversed(self.roots):
            base = (root / PARTIALS_DIR).resolve()
            path = (base / Path(*parts)).resolve()
            if base in path.parents and path.is_file():
                source = path.read_text(encoding="utf-8")
                mtime = path.stat().st_mtime_ns
                return source, str(path), lambda p=path, m=mtime: p.is_file() and p.stat().st_mtime_ns == m
        raise TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        names: set[str] = set()
        for root in self.roots:
            base = root / PARTIALS_DIR
            if base.is_dir():
                names.update(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file())
        return sorted(names)


class _BytecodeCache(FileSystemBytecodeCache):
    """Jinja's on-disk cache of compiled templates; an unwritable folder only costs speed."""

    def load_bytecode(self, bucket):  # type: ignore[override]
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket):  # type: ignore[override]
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


class PromptEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, roots: list[Path], figures: dict[str, Any] | None = None, cache_dir: Path | None = None):
        self._compiled: dict[tuple[str, str], Template] = {}
        super().__init__(
            bytecode_cache=_BytecodeCache(str(cache_dir), f"jinja-v{SANDBOX_VERSION}-%s.cache") if cache_dir else None,
            loader=_PartialsLoader(roots),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,  # partials end with their newline
            auto_reload=True,
        )
        self.filters = {k: v for k, v in self.filters.items() if k in _ALLOWED_FILTERS}
        self.filters["replace"] = _safe_replace
        self.filters["indent"] = _capped("indent", _jinja_filter("indent"), (1, 40))
        self.filters["thousands"] = lambda n: f"{int(n):,}"
        self.filters["truncate"] = _capped("truncate", _jinja_filter("truncate"), (1, MAX_OUTPUT_CHARS))
        self.filters["wordwrap"] = _capped("wordwrap", _jinja_filter("wordwrap"), (1, 1000))
        # Only harmless globals: no lipsum, cycler, joiner or namespace (a namespace lets a loop
        # grow a string without bound).
        self.globals = {"range": self._range, "dict": dict, _LOOP_GUARD: _loop_guard}
        if figures:
            self.globals["li"] = figures

    @staticmethod
    def _range(*args: int) -> range:
        r = range(*args)
        if len(r) > MAX_ITERATIONS:
            raise SecurityError(f"range is limited to {MAX_ITERATIONS:,} items")
        return r

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr in _UNSAFE_STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        # Method calls such as 'x'.center(10**9) or s.replace('', big) allocate without bound.
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > MAX_REPEAT_CHARS:
                raise SecurityError(f"call argument {value} is too large")
        if getattr(__obj, "__name__", "") == "replace" and isinstance(getattr(__obj, "__self__", None), str):
            return _safe_replace(__obj.__self__, *args, **kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context, operator_name, left, right):  # type: ignore[override]
        if operator_name == "*":
            return _bounded_mul(left, right)
        if operator_name == "**":
            return _bounded_pow(left, right)
        if operator_name == "%":
            return _bounded_mod(left, right)
        return super().call_binop(context, operator_name, left, right)

    def _parse(self, source, name, filename):  # type: ignore[override]
        if len(source) > MAX_TEMPLATE_CHARS:
            raise SecurityError(f"template is over {MAX_TEMPLATE_CHARS:,} characters")
        tree = super()._parse(source, name, filename)
        for node in tree.find_all((nodes.Macro, nodes.CallBlock)):
            raise _at(node, "macros and call blocks are not allowed in prompt templates")
        for node in tree.find_all(nodes.For):
            if node.recursive:
                raise _at(node, "recursive loops are not allowed in prompt templates")
            node.iter = nodes.Call(nodes.Name(_LOOP_GUARD, "load"), [node.iter], [], None, None)
        for node in tree.find_all((nodes.Extends, nodes.Import, nodes.FromImport)):
            raise _at(node, "extends and import are not allowed; use include for partials")
        return tree

    def template(self, source: str, name: str) -> Template:
        """A compiled template: from memory, else from the bytecode cache, else compiled now."""
        key = (name, source)
        found = self._compiled.get(key)
        if found is not None:
            return found
        bucket = self.bytecode_cache.get_bucket(self, name, None, source) if self.bytecode_cache else None
        code = bucket.code if bucket else None
        if code is None:
            code = self.compile(source, name)
            if bucket is not None:
                bucket.code = code
                self.bytecode_cache.set_bucket(bucket)
        template = self.template_class.from_code(self, code, self.make_globals(None), None)
        if len(self._compiled) >= MAX_COMPILED_IN_MEMORY:
            self._compiled.clear()
        self._compiled[key] = template
        return template

    def render_bounded(self, template, context: dict[str, Any]) -> str:
        """Render with a fresh iteration budget and an output cap."""
        token = _budget.set(_Budget())
        try:
            size = 0
            chunks: list[str] = []
            for chunk in template.generate(context):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise SecurityError(f"output is over {MAX_OUTPUT_CHARS:,} characters")
                chunks.append(chunk)
            return "".join(chunks)
        finally:
            _budget.reset(token)


def _at(node: nodes.Node, message: str) -> SecurityError:
    err = SecurityError(message)
    err.lineno = node.lineno  # type: ignore[attr-defined]
    return err


def _jinja_filter(name: str):
    from jinja2.filters import FILTERS

    return FILTERS[name]
