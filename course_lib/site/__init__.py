"""The course as a static website (Sphinx + MyST-NB + sphinx-book-theme), built offline.

``python -m course_lib site OUT [--student]`` runs every notebook (cached), turns each into
a page with a header card, launch buttons and its figures, adds the home, glossary,
timeline, sources and about pages, and writes a site that loads nothing from the internet.

In Python: ``build_site(Path("notebooks"), Path("site"), student=True)`` (it runs every
notebook, so it takes about a minute; the tests build it once per session).
"""

from __future__ import annotations

from .build import SiteReport, build_site, cache_root, default_cache_dir

__all__ = ["SiteReport", "build_site", "cache_root", "default_cache_dir"]
