"""The one git boundary: revisions, merge bases, changed files, blobs, first-parent history.

GitPython is imported here only, and lazily (it costs ~0.14 s at start-up). Blobs are read
through GitPython's persistent ``git cat-file --batch`` process, never one process per file;
history comes from a single ``git log --raw``. Memory stays bounded whatever a commit holds:
a blob over the loader's size limit is never held (it is skipped in chunks and stands as a
``Withheld`` marker, reported as ``yaml.too-large``), and the blob cache is bounded in bytes.

Over 250 lines: it is the one GitPython boundary (a contract holds that), and its parts share
one open repository and its ``cat-file`` process; split, GitPython would sit in two modules.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Self

from incidentctl.errors import GitError, GitMissing, UserError
from incidentctl.history.worktree import worktree_differs
from incidentctl.load.sources import (
    MAX_BYTES,
    BlobSource,
    Entry,
    too_large,
)

if TYPE_CHECKING:
    import git

ChangeType = Literal["A", "C", "D", "M", "R", "T", "U", "X"]
# Nothing the repository's config names may run: no fsmonitor hook, no hooks, no pager, no
# external diff. (Filters run only on working-tree diffs, which incidentctl never asks for.)
SAFE_CONFIG = (
    "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.pager=cat",
    "-c", "diff.external=", "-c", "core.untrackedCache=false",
)  # fmt: skip
# git log keeps every pack window it touched mapped (460 MB of a 60,000-commit history's
# 320 MB pack, plus delta bases): small windows hold it near 120 MB at the same speed. The
# audit's cat-file processes (two per worker) get the same limits.
LOG_MEMORY = (
    "-c", "core.packedGitWindowSize=16m", "-c", "core.packedGitLimit=64m",
    "-c", "core.deltaBaseCacheLimit=16m",
)  # fmt: skip
NO_GIT = "git is not installed or not on PATH; install git (https://git-scm.com) and run again"
BLOB_CACHE_BYTES = 8 << 20  # blobs kept for re-reads (policy files, a folder read twice)
PREFETCH_BYTES = 16 << 20  # blobs read ahead in one batch (the audit's next folders)
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class ChangedFile:
    path: str  # the path at head (for D: the path at base)
    change: ChangeType
    old_path: str | None = None  # for R and C
    old_blob: str | None = None
    new_blob: str | None = None
    new_mode: str | None = None


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    author: str
    email: str
    committed_at: str  # ISO 8601 with offset
    subject: str
    changes: tuple[ChangedFile, ...]


class GitRepo:
    """An open repository; use as a context manager so the batch process is closed."""

    def __init__(self, root: Path) -> None:
        try:
            import git  # lazy: only check and audit pay for GitPython
        except ImportError:  # GitPython refuses to load when it finds no git to run
            raise GitMissing(NO_GIT) from None
        try:
            self.repo: git.Repo = git.Repo(root, search_parent_directories=False)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise GitError(f"{root} is not a git repository (run it inside a clone)") from None
        # loaded without git (GIT_PYTHON_REFRESH=quiet), git.Repo() still opens: the first git
        # command fails, in _git
        # GitPython's own cat-file processes (blobs one at a time) keep git's memory small too
        self.repo.git.set_persistent_git_options(c=[*LOG_MEMORY[1::2]])
        self._blobs: dict[str, bytes] = {}
        self._blob_bytes = 0  # the cache's size, at most BLOB_CACHE_BYTES
        self._ahead: dict[str, bytes] = {}  # the last prefetch, replaced by the next one

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.repo.close()

    def _git(self, *args: str) -> str:
        import git

        try:
            command = ["git", *SAFE_CONFIG, *args]
            return str(self.repo.git.execute(command, strip_newline_in_stdout=False))
        except git.GitCommandError as exc:
            err = (exc.stderr or "").strip().removeprefix("stderr: ").strip("'").strip()
            raise GitError(f"git {args[0]} failed: {err.splitlines()[0] if err else exc}") from None
        except git.GitCommandNotFound:  # GitPython told to load without git (see __init__)
            raise GitMissing(NO_GIT) from None

    def resolve(self, rev: str) -> str:
        """The commit id of ``rev``, or a GitError saying how to get it."""
        if rev.startswith("-"):
            raise UserError(f"'{rev}' is not a revision")
        try:
            return self._git(
                "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
            ).strip()
        except GitMissing:
            raise
        except GitError:
            hint = (
                f"; fetch it first (git fetch origin {rev.removeprefix('origin/')})"
                if "/" in rev
                else ""
            )
            raise GitError(f"unknown revision '{rev}'{hint}") from None

    def committed_at(self, rev: str) -> dt.datetime:
        """When ``rev`` was committed (the committer date, with its offset)."""
        return dt.datetime.fromisoformat(self._git("show", "-s", "--format=%cI", rev).strip())

    def is_shallow(self) -> bool:
        return self._git("rev-parse", "--is-shallow-repository").strip() == "true"

    def merge_base(self, base: str, head: str) -> str | None:
        try:
            return self._git("merge-base", base, head).strip() or None
        except GitError:
            return None

    def on_first_parent_line(self, base: str, head: str) -> bool:
        """Whether ``base`` is ``head`` or one of its first-parent ancestors.

        The first-parent walk of ``base..head`` stops where it meets ``base``'s history: at
        ``base`` itself only if ``base`` is on the line. An unknown ``base`` (collected after a
        force push) is not.
        """
        if base == head:
            return True
        try:
            out = self._git("rev-list", "--first-parent", "--parents", f"{base}..{head}")
        except GitError:
            return False
        lines = out.split("\n")
        oldest = next((line for line in reversed(lines) if line), "").split()
        return len(oldest) > 1 and oldest[1] == base

    def commits_between(self, base: str, head: str) -> int:
        return int(self._git("rev-list", "--count", f"{base}..{head}").strip() or 0)

    def uncommitted(self, paths: list[str]) -> bool:
        """Whether files under ``paths`` differ from HEAD: staged, modified or untracked.

        Answered without a working-tree diff, which would run the repository's clean filters
        and ``core.fsmonitor``: the index and HEAD are compared as trees, and each tracked
        file's bytes are hashed here, exactly as committed (no filter applies), unless its
        stat is the one the index recorded and not racily clean, which is git's own test
        (hashing all 67,000 files of a 50,000-incident archive took 0.5 s).
        """
        if self._git("diff-index", "--cached", "--name-only", "-z", "HEAD", "--", *paths):
            return True
        if self._git("ls-files", "--others", "--exclude-standard", "-z", "--", *paths):
            return True
        listing = self._git("ls-files", "--stage", "--debug", "-z", "--", *paths)
        # the index git read (GIT_INDEX_FILE in a hook, a linked worktree's own), not .git/index
        index = Path(
            str(self.repo.working_dir), self._git("rev-parse", "--git-path", "index").strip()
        )
        try:
            index_mtime = index.stat().st_mtime_ns
        except OSError:
            index_mtime = 0  # no index file: every stat is racy, every file is hashed
        return worktree_differs(str(self.repo.working_dir), listing, index_mtime)

    def changed_files(self, base: str, head: str, paths: list[str]) -> list[ChangedFile]:
        out = self._git(
            "diff",
            "--raw",
            "-z",
            "--no-abbrev",
            "-M",
            "-C",
            "--no-ext-diff",
            base,
            head,
            "--",
            *paths,
        )
        return list(_parse_raw(out.split("\0")))

    def log(
        self, head: str, since: str | None, paths: list[str], *, first_parent: bool = True
    ) -> Iterator[Commit]:
        """Commits of ``head`` oldest first, with their raw changes.

        ``first_parent``: the line the gate judges (a merge is one change, against its first
        parent). Without it, every commit that touched ``paths`` in topological order, merges
        left out: one incident's trail keeps who moved it on a merged branch, and when.
        """
        rng = f"{since}..{head}" if since else head
        fmt = "%x1e%H%x1f%an%x1f%ae%x1f%cI%x1f%s%x1f%P"
        if first_parent:  # every commit, filtered here: a pathspec costs git 3x (see below)
            walk: tuple[str, ...] = ("--first-parent", "--diff-merges=first-parent", rng, "--")
        else:  # the pathspec is part of the walk here: git's history simplification
            walk = ("--topo-order", "--no-merges", rng, "--", *paths)
        out = self._git(
            *LOG_MEMORY, "log", "--reverse", "-z", "--raw", "--no-abbrev", "-M",
            f"--format={fmt}", *walk,
        )  # fmt: skip
        for chunk in out.split("\x1e")[1:]:
            header, _, rest = chunk.partition("\0")
            sha, author, email, when, rest_header = header.split("\x1f", 4)
            subject, _, parents = rest_header.rpartition("\x1f")
            changes = tuple(_parse_raw(rest.lstrip("\n").split("\0")))
            if first_parent:
                changes = self._within(changes, paths, sha, parents.split()[:1])
                if not changes:
                    continue
            yield Commit(sha, author, email, when, subject, changes)

    def _within(
        self, changes: tuple[ChangedFile, ...], paths: list[str], sha: str, parent: list[str]
    ) -> tuple[ChangedFile, ...]:
        """A commit's changes as ``git log -- paths`` gives them, from its unfiltered changes.

        Why not the pathspec: at 60,000 commits of a 10,000-folder archive it made ``git log``
        take 3x as long (matched against every entry of every tree compared). The same answer
        here: changes outside ``paths`` are dropped. Only rename pairing can differ (git
        pairs within the pathspec only), and only when a file was added, deleted or renamed
        outside ``paths`` in a commit that also adds, deletes or renames inside them: that
        commit is asked again with the pathspec (rare: a whole-archive move, say).
        """
        moves = ("A", "D", "R", "C")
        inside: list[ChangedFile] = []
        moved_inside = moved_outside = False
        for c in changes:
            new_in, old_in = _under(c.path, paths), _under(c.old_path, paths)
            if new_in or old_in:
                inside.append(c)
                moved_inside = moved_inside or c.change in moves
                moved_outside = moved_outside or (c.old_path is not None and new_in != old_in)
            else:
                moved_outside = moved_outside or c.change in moves
        if moved_inside and moved_outside:
            against = parent if parent else ["--root"]
            out = self._git(
                "diff-tree", "-r", "-z", "--raw", "--no-abbrev", "-M", "--no-commit-id",
                *against, sha, "--", *paths,
            )  # fmt: skip
            return tuple(_parse_raw(out.split("\0")))
        return tuple(inside)

    def tree(self, rev: str, paths: list[str]) -> dict[str, Entry]:
        """Every file under ``paths`` at ``rev``: path -> (mode, blob id)."""
        out = self._git("ls-tree", "-r", "-z", "--full-tree", rev, "--", *paths)
        entries = {}
        for row in filter(None, out.split("\0")):
            meta, _, path = row.partition("\t")
            mode, _kind, sha = meta.split()
            entries[path] = Entry(mode, sha)
        return entries

    def blob(self, sha: str) -> bytes:
        """Blob content through the persistent ``cat-file --batch`` process, cached by id.

        The header comes first: a blob over ``MAX_BYTES`` is read past in chunks, never held,
        and returned as a ``Withheld`` marker (``yaml.too-large`` where the loader meets it).
        """
        data = self._blobs.get(sha)
        data = self._ahead.get(sha) if data is None else data
        if data is None:
            _sha, _kind, size, stream = self.repo.git.stream_object_data(sha)
            if size > MAX_BYTES:
                while stream.read(_CHUNK):  # the batch process must be read past the blob
                    pass
                data = too_large()
            else:
                data = bytes(stream.read(size))
            if self._blob_bytes + len(data) <= BLOB_CACHE_BYTES:
                self._blobs[sha] = data
                self._blob_bytes += len(data)
        return data

    def prefetch(self, shas: Iterable[str]) -> None:
        """Read these blobs ahead in one pipelined ``cat-file --batch`` (replacing the last).

        Why: one request and reply per blob through the persistent process costs a round
        trip each (a third of an audit's time on a busy machine). Sizes come first
        (``--batch-check``), so a blob over ``MAX_BYTES`` is never read here (``blob`` reads
        past it, as ever), and what is read ahead stays under ``PREFETCH_BYTES``.
        """
        wanted = sorted({s for s in shas if s not in self._blobs})
        self._ahead = {}
        if not wanted:
            return
        small, total = [], 0
        for line in self._batch("--batch-check", wanted).split(b"\n"):
            parts = line.split()
            if len(parts) == 3 and parts[1] == b"blob" and int(parts[2]) <= MAX_BYTES:
                total += int(parts[2])
                if total > PREFETCH_BYTES:
                    break
                small.append(parts[0].decode())
        out, pos = self._batch("--batch", small), 0
        while pos < len(out):
            end = out.index(b"\n", pos)
            sha, _kind, size = out[pos:end].split()
            start = end + 1
            self._ahead[sha.decode()] = out[start : start + int(size)]
            pos = start + int(size) + 1

    def _batch(self, mode: str, shas: list[str]) -> bytes:
        if not shas:
            return b""
        import subprocess

        # the git dir named, not discovered from cwd: a vanished .git never reads a parent's
        proc = subprocess.run(
            ["git", f"--git-dir={self.repo.git_dir}", *SAFE_CONFIG, *LOG_MEMORY, "cat-file", mode],
            cwd=self.repo.working_dir or self.repo.git_dir,
            input="".join(f"{s}\n" for s in shas).encode(),
            capture_output=True,
            check=False,
        )
        if proc.returncode:
            raise GitError(f"git cat-file failed: {proc.stderr.decode(errors='replace')[:200]}")
        return proc.stdout

    def files_naming(self, rev: str, words: list[str], folder: str) -> list[str]:
        """Paths under ``folder`` at ``rev`` whose text holds one of ``words`` (fixed strings).

        One ``git grep`` over the commit's tree, which finds the records that may still name a
        removed playbook without parsing the archive. git exits 1 for "no match".
        """
        import git

        if not words:
            return []
        pattern = [a for w in words for a in ("-e", w)]
        command = ["git", *SAFE_CONFIG, "grep", "-l", "-z", "-F", "--no-color", *pattern]
        command += [rev, "--", f"{folder.rstrip('/')}/"]
        try:
            out = str(self.repo.git.execute(command, strip_newline_in_stdout=False))
        except git.GitCommandError as exc:
            if exc.status == 1 and not (exc.stderr or "").strip().removeprefix("stderr: ").strip(
                "'"
            ):
                return []
            raise GitError(f"git grep failed: {exc}") from None
        return [p.removeprefix(f"{rev}:") for p in out.split("\0") if p]

    def children(self, rev: str, folder: str) -> list[str]:
        """Names directly under ``folder`` at ``rev`` (one non-recursive ls-tree)."""
        out = self._git(
            "ls-tree", "-z", "--name-only", "--full-tree", rev, "--", folder.rstrip("/") + "/"
        )
        return sorted(p.rsplit("/", 1)[-1] for p in out.split("\0") if p)

    def source(self, rev: str, paths: list[str], listed: tuple[str, ...] = ()) -> BlobSource:
        """The files under ``paths`` at ``rev``, plus the bare names under each ``listed`` folder.

        Why both: a pull request's check needs the whole of a few folders but only the names
        in ``incidents/``; listing 10,000 folders recursively was half its time.
        """
        return BlobSource(
            self.blob, self.tree(rev, paths), {f: self.children(rev, f) for f in listed}
        )


def _under(path: str | None, folders: list[str]) -> bool:
    """Whether ``path`` is one of ``folders`` or inside one (a pathspec's prefix match)."""
    return path is not None and any(
        path == f.rstrip("/") or path.startswith(f.rstrip("/") + "/") for f in folders
    )


def _parse_raw(tokens: list[str]) -> Iterator[ChangedFile]:
    """Parse ``git diff --raw -z`` records (meta, path, and a second path for R and C)."""
    it = iter(tokens)
    for meta in it:
        if not meta.startswith(":"):
            continue
        _old_mode, new_mode, old_sha, new_sha, status = meta[1:].split()
        kind = status[0]
        first = next(it)
        if kind in ("R", "C"):
            yield ChangedFile(next(it), kind, first, old_sha, new_sha, new_mode)  # type: ignore[arg-type]
        else:
            old = None if kind == "A" else old_sha
            new = None if kind == "D" else new_sha
            yield ChangedFile(first, kind, None, old, new, new_mode)  # type: ignore[arg-type]


@contextlib.contextmanager
def open_repo(root: Path) -> Iterator[GitRepo]:
    if not (root / ".git").exists() and not os.environ.get("GIT_DIR"):
        raise GitError(f"{root} is not a git repository (run it inside a clone)")
    with GitRepo(root) as repo:
        yield repo
