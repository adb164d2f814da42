"""The MkDocs plugin: a thin adapter that stages the archive and points MkDocs at it.

``on_config`` refuses a layout MkDocs would publish raw records from (``layout.refusals``),
collects and validates the archive, generates the pages (``pages``, and the archive folders'
index pages sanitized, ``layout.section_page``), fills a fresh staging directory
(``staging``) and makes it the docs directory; ``on_post_build`` fails the build, and empties
the output folder, if an unpublished incident's id or title reached the output (``scan``,
``values.forbidden``). Everything else is ours.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import clean_directory

from incidentctl.config import Settings, load_settings
from incidentctl.errors import UserError
from incidentctl.reporters.escape import visible
from incidentctl.site import layout, pages, scan, search, staging
from incidentctl.site.collect import collect
from incidentctl.site.stash import expand, squeeze
from incidentctl.site.values import Archive, forbidden, publishable

log = logging.getLogger("mkdocs.plugins.incidentctl")
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_DIALOG_NAMED = SEARCH_DIALOG.replace('role="dialog"', 'role="dialog" aria-label="Search"')
# Material's assets our search replaces (``_unused_asset``).
UNUSED_ASSET_DIRS = ("assets/javascripts/workers/", "assets/javascripts/lunr/")
MATERIAL_ASSET_DIRS = ("assets/javascripts/", "assets/stylesheets/")
# Material's search worker in the page's configuration, which ours replaces (search.py).
MATERIAL_WORKER = re.compile(
    r'("search":\s*"[^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js'
)


class ArchiveConfig(base.Config):  # type: ignore[no-untyped-call]
    enabled = c.Type(bool, default=True)
    # Publish `internal` incidents too. The default, public, is the safe choice.
    internal = c.Type(bool, default=False)
    # The repository holding incidents/ and pyproject.toml; default: mkdocs.yml's folder.
    repository = c.Optional(c.Type(str))


class IncidentArchivePlugin(BasePlugin[ArchiveConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self._staging: Path | None = None
        self._forbidden: frozenset[str] = frozenset()
        self._docs_dir: str = ""
        self._watch: list[str] = []
        self._generated: list[pages.GeneratedPage] = []
        self._search_docs: list[dict[str, object]] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        root = Path(self.config.repository or Path(config.config_file_path).parent).resolve()
        self._docs_dir = self._docs_dir or config.docs_dir
        try:
            settings = load_settings(root)
            _refuse_layout(root, Path(self._docs_dir), settings)
            archive = collect(root, settings)
        except UserError as exc:
            raise PluginError(f"incidentctl: {visible(str(root))}: {exc}") from exc
        for rejected in archive.rejected:
            log.warning("%s is not published: %s", rejected.path, " | ".join(rejected.reasons))
        shown = publishable(archive, self.config.internal)
        self._forbidden = forbidden(archive, shown)
        self._watch = [self._docs_dir, str(root / settings.incidents_dir)]
        self._stage(config, root, (settings.incidents_dir, settings.playbooks_dir), shown)
        return config

    def _stage(
        self, config: MkDocsConfig, root: Path, dirs: tuple[str, str], shown: Archive
    ) -> None:
        incidents_dir, playbooks_dir = dirs
        self._cleanup()
        self._staging = Path(tempfile.mkdtemp(prefix="incidentctl-site-"))
        docs = Path(self._docs_dir)
        intro_file = docs / "index.md"
        intro = intro_file.read_text(encoding="utf-8") if intro_file.is_file() else ""
        options = pages.SiteOptions(self.config.internal, intro, config.site_url or "")
        generated = pages.build_pages(shown, options)
        playbooks = layout.within(docs.resolve(), (root / playbooks_dir).resolve())
        sections = layout.sections(playbooks)
        try:
            staging.copy_docs(docs, self._staging, sections)
            found = staging.section_files(docs, sections)
            staging.copy_assets(self._staging, found.images)
            staging.copy_assets(self._staging, _assets(root / incidents_dir, shown))
            static = staging.copy_static(self._staging)
        except (OSError, UserError) as exc:
            raise PluginError(f"incidentctl: staging the site: {exc}") from exc
        folders = (sections, playbooks)
        extra, held = layout.section_pages(found.pages, found.held, generated, folders)
        generated += extra
        for warning in [*held, *(w for page in generated for w in page.warnings)]:
            log.warning("%s", visible(warning))
        config.extra_javascript.append(static[0])
        config.extra_css.append(static[1])
        # Ours first: Material's offline plugin then adds no iframe-worker from unpkg.
        polyfills = [p for p in config.extra.get("polyfills", []) if "iframe-worker" not in p]
        config.extra["polyfills"] = [static[2], *polyfills]
        config.docs_dir = str(self._staging)
        templates = str(resources.files("incidentctl.site").joinpath("templates"))
        if templates not in config.theme.dirs:
            config.theme.dirs.append(templates)
        _confine_snippets(config, self._staging)
        self._generated = generated
        self._search_docs = pages.search_docs(shown, options)
        log.info("staged %s; %d generated pages", self._staging, len(generated))

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """The generated pages, in memory (writing and deleting 10,000 files costs more).

        Material's assets that nothing loads any more leave the output (2.3 MB): its search
        worker and lunr's languages (our worker and index replace them) and source maps.
        """
        if not self.config.enabled:
            return files
        for unused in [f for f in files if _unused_asset(f.src_uri)]:
            files.remove(unused)
        for page in self._generated:
            staging.safe_rel(page.path)
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, page.path, content=page.markdown))
        return files

    def on_serve(self, server: Any, /, **_: Any) -> Any:
        """Rebuild when the maintainers' pages or the records change, not only the staging copy."""
        for path in self._watch if self.config.enabled else []:
            server.watch(path)
        return server

    @event_priority(100)  # before the search plugin reads the page
    def on_page_content(self, html: str, /, **_: Any) -> str:
        return expand(html) if self.config.enabled else html

    def on_post_page(self, output: str, /, **_: Any) -> str:
        """The blocks kept out of search, and a name for Material's search dialog (axe)."""
        if not self.config.enabled:
            return output
        output = expand(output, late=True).replace(SEARCH_DIALOG, SEARCH_DIALOG_NAMED, 1)
        output, swapped = MATERIAL_WORKER.subn(rf"\1{staging.STATIC_DIR}/search-worker.js", output)
        if not swapped and 'id="__config"' in output:
            raise PluginError(
                "incidentctl: Material's search worker is not where this plugin expects it "
                "(assets/javascripts/workers/search.*.min.js); pin mkdocs-material<10"
            )
        return squeeze(output)

    @event_priority(-50)  # after the search plugin wrote its index, before offline inlines it
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Fail the build if an unpublished incident is named anywhere in the output.

        The message names the files, never what was found: the log is an output too.
        """
        if not self.config.enabled:
            return
        _prebuild_search(Path(config.site_dir), self._search_docs)
        found = scan.leaks(Path(config.site_dir), set(self._forbidden))
        if found:
            clean_directory(config.site_dir)  # a failed build leaves nothing to publish
            where = ", ".join(sorted({visible(path) for path, _ in found})[:10])
            raise PluginError(
                "incidentctl: an incident this build does not publish (restricted, internal in "
                f"a public build, or not valid) is named in the built site: {where}. Remove the "
                "mention of its id or title from the pages that name it. The output folder "
                "was emptied."
            )

    def on_shutdown(self) -> None:
        self._cleanup()

    def _cleanup(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None


def _refuse_layout(root: Path, docs: Path, settings: Settings) -> None:
    """A ``UserError`` if MkDocs would publish raw records or policy files from ``docs``."""
    folders = {
        key: (value, (root / value).resolve())
        for key, value in (
            ("incidents_dir", settings.incidents_dir),
            ("playbooks_dir", settings.playbooks_dir),
            ("policy_dir", settings.policy_dir),
        )
    }
    problems = layout.refusals(docs.resolve(), folders)
    if problems:
        raise UserError(visible(" ".join(problems)))


def _unused_asset(src_uri: str) -> bool:
    if src_uri.startswith(UNUSED_ASSET_DIRS):
        return True
    return src_uri.endswith(".map") and src_uri.startswith(MATERIAL_ASSET_DIRS)


def _prebuild_search(site_dir: Path, incident_docs: list[dict[str, object]]) -> None:
    """Our prebuilt index beside Material's, whose documents it takes in; theirs left empty.

    Material's search box still loads ``search_index.json`` (for its configuration); our
    worker loads ``incidentctl_index.js``. Without a search plugin there is nothing to do.
    """
    folder = site_dir / "search"
    material = folder / "search_index.json"
    if not material.is_file():
        return
    data = json.loads(material.read_text(encoding="utf-8"))
    docs = incident_docs + search.from_material(data.get("docs") or [])
    (folder / "incidentctl_index.js").write_text(search.prebuilt(docs), encoding="utf-8")
    data["docs"] = []
    material.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


def _assets(incidents: Path, shown: Archive) -> list[tuple[Path, str]]:
    """The published incidents' images: (file in the repository, path in the site)."""
    return [
        (incidents / r.id / "assets" / name, f"incidents/{r.id}/assets/{name}")
        for r in shown.records
        for name in r.assets
    ]


def _confine_snippets(config: MkDocsConfig, staging_dir: Path) -> None:
    """Snippet includes may read the staging directory only (never ``incidents/``)."""
    if "pymdownx.snippets" in config.markdown_extensions:
        opts = config.mdx_configs.setdefault("pymdownx.snippets", {})
        opts["base_path"] = [str(staging_dir)]
        opts["restrict_base_path"] = True
