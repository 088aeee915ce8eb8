"""The prompt library: layers of folders, loaded lazily, searched, rendered.

The bundled library comes first; extra libraries (``--library DIR``, ``LINKEDIN_PROMPTS_LIBRARY``)
layer over it. A prompt in a later layer with an existing id overrides the earlier one.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

import msgspec

from .errors import LibraryError, NotFoundError, PromptStudioError
from .schema import LibraryMeta, PromptSpec, semver_key
from .yamlio import line_of, load_typed, read_text

if TYPE_CHECKING:
    from .render import RenderResult
    from .sandbox import PromptEnvironment

LIBRARY_FILE = "library.yaml"
VERSIONS_DIR = "_versions"
ENV_VAR = "LINKEDIN_PROMPTS_LIBRARY"
_HASH_EXCLUDE = ("version", "changelog")


def content_hash(spec: PromptSpec) -> str:
    """sha256 of the prompt's content: everything but its version and changelog."""
    data = msgspec.to_builtins(spec)
    for key in _HASH_EXCLUDE:
        data.pop(key, None)
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass
class Prompt:
    """A prompt spec and where it came from."""

    spec: PromptSpec
    path: Path
    root: Path
    text: str = ""                       # the file's text, when read (for line numbers)
    overrides: Path | None = None        # the file of the prompt this one replaces
    archived: bool = False               # an older version kept under _versions/

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def version(self) -> str:
        return self.spec.version

    @property
    def ref(self) -> str:
        return f"{self.spec.id}@{self.spec.version}"

    @cached_property
    def content_hash(self) -> str:
        return content_hash(self.spec)

    @cached_property
    def haystack(self) -> str:
        s = self.spec
        return "\n".join([s.title, s.summary, " ".join(s.tags), s.id, s.template, s.system or ""]).lower()

    def summary_dict(self) -> dict[str, Any]:
        s = self.spec
        return {
            "id": s.id, "version": s.version, "title": s.title, "summary": s.summary,
            "category": s.category, "tags": list(s.tags), "output_kind": s.output.kind,
            "path": str(self.path), "overrides": str(self.overrides) if self.overrides else None,
        }


def parse_ref(ref: str) -> tuple[str, str | None]:
    """``category/slug@1.2.0`` → (id, version)."""
    ident, sep, version = ref.strip().partition("@")
    if sep and not version:
        raise NotFoundError(f"'{ref}' has an empty version", hint="write ID@1.0.0 or just ID")
    return ident.strip("/"), (version or None)


def parse_prompt_text(text: str, path: Path, *, expected_id: str | None) -> PromptSpec:
    spec = load_typed(text, path, PromptSpec)
    if expected_id is not None and spec.id != expected_id:
        raise LibraryError(f"id '{spec.id}' does not match the file's path", file=str(path),
                           line=line_of(text, "$.id"), field="id", hint=f"set id: {expected_id}")
    return spec


def configured_paths(extra: Iterable[str | os.PathLike] = (), *, use_env: bool = True) -> list[Path]:
    """Extra library folders: ``LINKEDIN_PROMPTS_LIBRARY`` first, then ``--library`` options."""
    paths = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()] if use_env else []
    paths += [os.fspath(p) for p in extra]
    out: list[Path] = []
    for p in paths:
        path = Path(p).expanduser()
        if not path.is_dir():
            raise LibraryError("library folder not found", file=str(path),
                               hint=f"check --library or {ENV_VAR}")
        if path.resolve() not in [q.resolve() for q in out]:
            out.append(path)
    return out


@dataclass
class Layer:
    root: Path
    bundled: bool
    meta: LibraryMeta | None = None


class Library:
    """The layered prompt library. Cheap to create; files are read when needed."""

    def __init__(self, extra: Iterable[str | os.PathLike] = (), *, bundled: bool = True,
                 use_cache: bool = True, use_env: bool = True):
        from .paths import bundled_library

        roots = ([Path(bundled_library())] if bundled else []) + configured_paths(extra, use_env=use_env)
        if not roots:
            raise LibraryError("no library folders configured", hint="pass --library DIR")
        self.layers = [Layer(root, bundled and i == 0) for i, root in enumerate(roots)]
        self.use_cache = use_cache
        self._prompts: dict[str, Prompt] | None = None
        self._errors: list[LibraryError] = []
        self._single: dict[str, Prompt] = {}

    # -- layers and metadata ---------------------------------------------------------------
    @property
    def roots(self) -> list[Path]:
        return [layer.root for layer in self.layers]

    def meta(self, layer: Layer) -> LibraryMeta | None:
        if layer.meta is None:
            path = layer.root / LIBRARY_FILE
            if not path.is_file():
                if layer.bundled:
                    raise LibraryError("library.yaml is missing", file=str(path))
                return None
            layer.meta = load_typed(read_text(path), path, LibraryMeta)
        return layer.meta

    def content_file(self, relative: str | os.PathLike) -> Path:
        """A content file (checklist, explainer, assistant) from the last layer that has it."""
        for root in reversed(self.roots):
            path = root / relative
            if path.is_file():
                return path
        raise LibraryError(f"{Path(relative).as_posix()} is missing from every library folder",
                           file=str(self.roots[0] / relative), hint="restore it from the bundled library")

    @property
    def name(self) -> str:
        meta = self.meta(self.layers[0])
        return meta.name if meta else "library"

    @property
    def version(self) -> str:
        meta = self.meta(self.layers[0])
        return meta.version if meta else "0.0.0"

    def categories(self) -> dict[str, Any]:
        """Every category declared by any layer (later layers may add or retitle)."""
        out: dict[str, Any] = {}
        for layer in self.layers:
            try:
                meta = self.meta(layer)
            except LibraryError as exc:
                self._note_error(exc)
                continue
            for cat in meta.categories if meta else []:
                out[cat.id] = cat
        return out

    @cached_property
    def env(self) -> "PromptEnvironment":
        from .limits import template_figures
        from .sandbox import PromptEnvironment

        cache = None
        if self.use_cache:
            from .paths import cache_dir

            cache = cache_dir() / "templates"
        return PromptEnvironment(self.roots, template_figures(), cache)

    # -- loading ---------------------------------------------------------------------------
    def _note_error(self, exc: LibraryError) -> None:
        if str(exc) not in {str(e) for e in self._errors}:
            self._errors.append(exc)

    @property
    def errors(self) -> list[LibraryError]:
        """Files that could not be loaded; the rest of the library still works."""
        self._load_all()
        return list(self._errors)

    def _prompt_files(self, root: Path) -> list[Path]:
        if not root.is_dir():
            return []
        files = []
        for cat in sorted(root.iterdir()):
            if cat.is_dir() and not cat.name.startswith(("_", ".")):
                files.extend(sorted(p for p in cat.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
        return files

    def _load_all(self) -> dict[str, Prompt]:
        if self._prompts is not None:
            return self._prompts
        from .cache import SpecCache

        prompts: dict[str, Prompt] = {}
        for layer in self.layers:
            cache = SpecCache(layer.root) if self.use_cache else None
            for path in self._prompt_files(layer.root):
                expected = f"{path.parent.name}/{path.stem}"
                try:
                    spec = cache.get(path) if cache else None
                    text = ""
                    if spec is None:
                        text = read_text(path)
                        spec = parse_prompt_text(text, path, expected_id=expected)
                        if cache:
                            cache.put(path, spec)
                except LibraryError as exc:
                    self._note_error(exc)
                    continue
                prompt = Prompt(spec, path, layer.root, text)
                if spec.id in prompts:
                    if prompts[spec.id].root == layer.root:
                        self._note_error(LibraryError(
                            f"duplicate id '{spec.id}', also in {prompts[spec.id].path.name}", file=str(path),
                            field="id", hint="keep one file per prompt"))
                        continue
                    prompt.overrides = prompts[spec.id].path
                prompts[spec.id] = prompt
            if cache:
                cache.save()
        self._prompts = prompts
        return prompts

    def prompts(self) -> list[Prompt]:
        return list(self._load_all().values())

    def ids(self) -> list[str]:
        return list(self._load_all())

    def _find_file(self, ident: str) -> list[tuple[Layer, Path]]:
        parts = ident.split("/")
        if len(parts) != 2 or not all(parts) or any(p.startswith((".", "_")) for p in parts):
            raise NotFoundError(f"'{ident}' is not a prompt id", hint="ids look like category/slug; see `linkedin-prompts list`")
        hits = []
        for layer in self.layers:
            path = layer.root / parts[0] / f"{parts[1]}.yaml"
            if path.is_file():
                hits.append((layer, path))
        return hits

    def get(self, ref: str) -> Prompt:
        """A prompt by ``id`` or ``id@version``; reads only the files it needs."""
        ident, version = parse_ref(ref)
        prompt = self._current(ident)
        if version is None or version == prompt.version:
            return prompt
        return self._archived(prompt, version)

    def _current(self, ident: str) -> Prompt:
        if self._prompts is not None and ident in self._prompts:
            return self._prompts[ident]
        if ident in self._single:
            return self._single[ident]
        hits = self._find_file(ident)
        if not hits:
            raise NotFoundError(f"no prompt with id '{ident}'" + _did_you_mean(ident, self),
                                hint="see `linkedin-prompts list`")
        layer, path = hits[-1]
        text = read_text(path)
        prompt = Prompt(parse_prompt_text(text, path, expected_id=ident), path, layer.root, text)
        if len(hits) > 1:
            prompt.overrides = hits[-2][1]
        self._single[ident] = prompt
        return prompt

    def versions(self, ident: str) -> list[str]:
        """Every version of a prompt that can be rendered, oldest first."""
        current = self._current(ident)
        found = {current.version}
        for layer in self.layers:
            folder = layer.root / VERSIONS_DIR / ident
            if folder.is_dir():
                found.update(p.stem for p in folder.glob("*.yaml"))
        return sorted(found, key=_safe_semver)

    def _archived(self, current: Prompt, version: str) -> Prompt:
        for layer in reversed(self.layers):
            path = layer.root / VERSIONS_DIR / current.id / f"{version}.yaml"
            if path.is_file():
                text = read_text(path)
                spec = parse_prompt_text(text, path, expected_id=current.id)
                if spec.version != version:
                    raise LibraryError(f"holds version {spec.version}, not {version}", file=str(path),
                                       field="version", hint="run `linkedin-prompts lock` again")
                return Prompt(spec, path, layer.root, text, archived=True)
        known = ", ".join(self.versions(current.id))
        raise NotFoundError(f"{current.id} has no version {version}", hint=f"known versions: {known}")

    # -- search ----------------------------------------------------------------------------
    def search(self, text: str = "", *, category: str | None = None, tag: str | None = None) -> list[Prompt]:
        """Prompts whose title, summary, tags or template hold every word of ``text``.

        Title matches rank first, then summary and tag matches, then template-only matches.
        """
        terms = text.lower().split()
        tag = tag.lower() if tag else None
        hits: list[tuple[int, int, Prompt]] = []
        for i, prompt in enumerate(self._load_all().values()):
            spec = prompt.spec
            if category and spec.category != category:
                continue
            if tag and tag not in (t.lower() for t in spec.tags):
                continue
            if terms:
                hay = prompt.haystack
                if not all(t in hay for t in terms):
                    continue
                head = f"{spec.title} {spec.summary} {' '.join(spec.tags)}".lower()
                rank = 0 if all(t in spec.title.lower() for t in terms) else (1 if all(t in head for t in terms) else 2)
            else:
                rank = 0
            hits.append((rank, i, prompt))
        hits.sort(key=lambda h: (h[0], h[1]))
        return [h[2] for h in hits]

    def tags(self) -> list[str]:
        return sorted({t for p in self.prompts() for t in p.spec.tags})

    # -- rendering -------------------------------------------------------------------------
    def render(self, ref: str, values: Mapping[str, Any] | None = None, *, profile: str | None = None,
               use_default_profile: bool = True, example: bool = False) -> "RenderResult":
        """Render ``ref`` with values > profile > defaults. ``example`` starts from the first example."""
        from .profiles import load_profile, resolve_profile_name
        from .render import render_prompt

        prompt = self.get(ref)
        merged = dict(prompt.spec.examples[0].values) if example else {}
        merged.update(values or {})
        name = resolve_profile_name(profile, use_default=use_default_profile and not example)
        profile_values = load_profile(name) if name else {}
        return render_prompt(prompt, self.env, merged, profile=profile_values, profile_name=name)

    def runnable(self, ref: str, values: Mapping[str, Any] | None = None, **settings: Any):
        """A LangChain runnable that runs the rendered prompt (imports LangChain on first use)."""
        from .run.chain import prompt_runnable

        return prompt_runnable(self, ref, values, **settings)


def _safe_semver(v: str) -> tuple:
    try:
        return semver_key(v)
    except ValueError:
        return (-1, v)


def _did_you_mean(ident: str, library: Library) -> str:
    import difflib

    try:
        ids = library.ids()
    except PromptStudioError:
        return ""
    close = difflib.get_close_matches(ident, ids, n=1, cutoff=0.6)
    if not close:
        slug = ident.rpartition("/")[2]
        close = [i for i in ids if i.endswith("/" + slug)][:1]
    return f"; did you mean '{close[0]}'?" if close else ""
