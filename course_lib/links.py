"""Where students open the course: one configured student repository, every launch link.

The instructor repository (this one) holds teaching notes and answer keys, so no link a
student follows may point at it. Binder, Colab, JupyterHub (nbgitpuller) and download links
are all built here from one setting: the published student copy (``python -m course_lib
publish-student``). Change :data:`STUDENT_REPO` once, or set ``$COURSE_LIB_STUDENT_REPO``
(``owner/name`` on GitHub) when building, and every link follows.

Example:
    >>> binder_url("02_mapping_karabakh.ipynb", repo="me/course-student")
    'https://mybinder.org/v2/gh/me/course-student/main?urlpath=lab/tree/notebooks/02_mapping_karabakh.ipynb'
    >>> colab_url("02_mapping_karabakh.ipynb", repo="me/course-student")
    'https://colab.research.google.com/github/me/course-student/blob/main/notebooks/02_mapping_karabakh.ipynb'
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote, urlencode

from .errors import CourseError

#: The published student copy on GitHub (``owner/name``). Never the instructor repository.
STUDENT_REPO = "balancing-act/balancing-act-student"
STUDENT_BRANCH = "main"
REPO_ENV = "COURSE_LIB_STUDENT_REPO"
NOTEBOOK_FOLDER = "notebooks"
_REPO_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")


class LinkError(CourseError):
    """A student repository name the links cannot use."""

    hint = "Give the repository as owner/name, for example my-school/balancing-act-student."


def student_repo(repo: str | None = None) -> str:
    """``owner/name`` of the student copy: the argument, else ``$COURSE_LIB_STUDENT_REPO``,
    else :data:`STUDENT_REPO`.

    Example:
        >>> student_repo("school/course")
        'school/course'
    """
    value = (repo or os.environ.get(REPO_ENV, "").strip() or STUDENT_REPO).strip()
    value = value.removeprefix("https://github.com/").removesuffix(".git").strip("/")
    if not _REPO_PATTERN.match(value):
        raise LinkError(f"{value!r} is not a GitHub repository name (owner/name).")
    return value


def github_url(repo: str | None = None) -> str:
    """The student repository's web address."""
    return f"https://github.com/{student_repo(repo)}"


def git_url(repo: str | None = None) -> str:
    """The address ``pip install git+…`` and nbgitpuller clone."""
    return f"{github_url(repo)}.git"


def pip_requirement(repo: str | None = None, branch: str = STUDENT_BRANCH) -> str:
    """What the Colab set-up cell installs: the course package from the student copy.

    Example:
        >>> pip_requirement("me/course-student")
        'balancing-act @ git+https://github.com/me/course-student.git@main'
    """
    return f"balancing-act @ git+{git_url(repo)}@{branch}"


def _path(notebook: str) -> str:
    return f"{NOTEBOOK_FOLDER}/{notebook}"


def binder_url(notebook: str, repo: str | None = None, branch: str = STUDENT_BRANCH) -> str:
    """Open ``notebook`` in JupyterLab on mybinder.org (built from ``requirements.txt``)."""
    return f"https://mybinder.org/v2/gh/{student_repo(repo)}/{branch}?urlpath=lab/tree/{_path(notebook)}"


def colab_url(notebook: str, repo: str | None = None, branch: str = STUDENT_BRANCH) -> str:
    """Open ``notebook`` in Google Colab (its set-up cell installs the package)."""
    return f"https://colab.research.google.com/github/{student_repo(repo)}/blob/{branch}/{_path(notebook)}"


def nbgitpuller_url(
    notebook: str,
    hub: str = "https://<your-hub>",
    repo: str | None = None,
    branch: str = STUDENT_BRANCH,
) -> str:
    """A JupyterHub link that clones (or updates) the student copy and opens ``notebook``.

    Example:
        >>> nbgitpuller_url("00_start_here.ipynb", hub="https://hub.example.edu", repo="a/b")
        'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fa%2Fb&branch=main&urlpath=lab%2Ftree%2Fb%2Fnotebooks%2F00_start_here.ipynb'
    """
    name = student_repo(repo).split("/")[1]
    query = urlencode(
        {
            "repo": github_url(repo),
            "branch": branch,
            "urlpath": f"lab/tree/{name}/{_path(notebook)}",
        },
        quote_via=quote,
        safe="",
    )
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def download_url(notebook: str, repo: str | None = None, branch: str = STUDENT_BRANCH) -> str:
    """The raw ``.ipynb`` file, for "download and open it yourself"."""
    return f"https://raw.githubusercontent.com/{student_repo(repo)}/{branch}/{_path(notebook)}"
