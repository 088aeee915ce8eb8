"""Released versions: the lock file and the archive of older versions.

``prompts.lock`` (in each library folder) records, for every released version of every prompt,
its content hash. ``lock`` adds the current version of each prompt and copies its file to
``_versions/<id>/<version>.yaml`` so ``render ID@VERSION`` keeps working after a bump.
Shared partials are not archived: they belong to the library release (``library.yaml`` version).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import LibraryError
from .library import VERSIONS_DIR, Library, Prompt
from .schema import semver_key

LOCK_FILE = "prompts.lock"
_HEADER = ("# Written by `linkedin-prompts lock`: every released version of every prompt and the\n"
           "# sha256 of its content. Do not edit by hand; bump the prompt's version and run lock.\n")


def read_lock(root: Path) -> dict[str, dict[str, str]] | None:
    from .yamlio import load_file

    path = root / LOCK_FILE
    if not path.is_file():
        return None
    data = load_file(path) or {}
    prompts = data.get("prompts", {}) if isinstance(data, dict) else None
    if not isinstance(prompts, dict) or not all(isinstance(v, dict) for v in prompts.values()):
        raise LibraryError("the lock file must map prompt ids to {version: hash}", file=str(path),
                           hint="restore it from version control")
    return {pid: {str(v): str(h) for v, h in versions.items()} for pid, versions in prompts.items()}


def write_lock(root: Path, lock: dict[str, dict[str, str]]) -> Path:
    import yaml

    ordered = {pid: dict(sorted(v.items(), key=lambda kv: semver_key(kv[0])))
               for pid, v in sorted(lock.items())}
    path = root / LOCK_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(_HEADER + yaml.safe_dump({"prompts": ordered}, sort_keys=False), encoding="utf-8")
    tmp.replace(path)
    return path


def version_problem(prompt: Prompt, locked: dict[str, str] | None) -> tuple[str, str] | None:
    """(rule, message) when the prompt's version and the lock disagree, else None."""
    if not locked:
        return None
    version = prompt.version
    if version in locked:
        if locked[version] != prompt.content_hash:
            return ("version-not-bumped",
                    f"content changed but version {version} was already released; bump the version, "
                    "add a changelog entry and run `linkedin-prompts lock`")
        return None
    newest = max(locked, key=semver_key)
    if semver_key(version) < semver_key(newest):
        return ("version-backwards", f"version {version} is older than the released {newest}; "
                                     f"use a version above {newest}")
    return ("version-unlocked", f"version {version} is not locked yet; run `linkedin-prompts lock`")


@dataclass
class LockReport:
    root: Path
    added: list[str] = field(default_factory=list)      # id@version newly recorded
    unchanged: int = 0


def lock(library: Library, root: Path) -> LockReport:
    """Record the current version of every prompt in ``root``; refuse if any would lie."""
    root = root.resolve()
    lock_data = read_lock(root) or {}
    report = LockReport(root)
    problems: list[str] = []
    todo: list[Prompt] = []
    for prompt in library.prompts():
        if prompt.root.resolve() != root:
            continue
        locked = lock_data.get(prompt.id, {})
        problem = version_problem(prompt, locked)
        if problem and problem[0] != "version-unlocked":
            problems.append(f"{prompt.path}: {problem[1]}")
        elif prompt.version in locked:
            report.unchanged += 1
        else:
            todo.append(prompt)
    broken = [e for e in library.errors if e.file and Path(e.file).resolve().is_relative_to(root)]
    if broken:
        first = broken[0]
        raise LibraryError(f"cannot lock while files are broken: {first}", hint="run `linkedin-prompts validate`")
    if problems:
        raise LibraryError(problems[0] + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
    for prompt in todo:
        archive = root / VERSIONS_DIR / prompt.id / f"{prompt.version}.yaml"
        archive.parent.mkdir(parents=True, exist_ok=True)
        archive.write_text(prompt.path.read_text(encoding="utf-8"), encoding="utf-8")
        lock_data.setdefault(prompt.id, {})[prompt.version] = prompt.content_hash
        report.added.append(prompt.ref)
    if todo or not (root / LOCK_FILE).is_file():
        write_lock(root, lock_data)
    return report
