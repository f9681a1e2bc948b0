"""Balancing Act: the course library behind the notebooks.

Notebooks use only the names listed here::

    import course_lib as cl
    cl.start("00")
    cl.timeline().head()

Names are imported lazily: ``import course_lib`` stays fast, and geopandas, networkx and
ipywidgets load only when a map, a network or a widget is first asked for.

Module names differ from the table functions on purpose (``chronology`` not ``timeline``,
``network`` not ``actors``, ``voices`` not ``quotes``): importing a submodule sets it as an
attribute of the package, which would otherwise hide ``cl.timeline()`` and friends.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_API: dict[str, str] = {
    # data (tables as DataFrames)
    "timeline": "data",
    "actors": "data",
    "quotes": "data",
    "places": "data",
    "sources": "data",
    "glossary": "data",
    "relations": "data",
    "data_dir": "data",
    "validate": "data",
    "reload": "data",
    # errors
    "CourseError": "errors",
    "DataError": "errors",
    # style
    "palette": "style",
    "present": "style",
    "presenting": "style",
    "FigureResult": "style",
    # notebook session
    "start": "session",
    "environment_check": "session",
    "sources_for": "reference",
    "show_glossary": "reference",
    # timeline
    "timeline_figure": "chronology",
    "events": "chronology",
    "event_date": "chronology",
    "signal_chart": "chronology",
    "balance": "chronology",  # the old name of signal_chart
    "event_table": "tables",
    # maps
    "nkao": "maps",
    "control_areas": "maps",
    "region_map": "neighbours",
    "karabakh_map": "maps",
    "ukraine_map": "neighbours",
    "nkao_area": "tables",
    "control_table": "tables",
    # actors
    "actor_graph": "network",
    "actor_network": "network",
    "actor_table": "tables",
    "tie_kinds": "tables",
    # quotes
    "quote": "voices",
    "quote_card": "voices",
    "fact_checks": "factcheck",
    # exercises and progress
    "questions": "exercises",
    "question": "exercises",
    "check": "ui.feedback",  # exercises.check's data, presented (shows as HTML)
    "hint": "ui.feedback",
    "score": "ui.feedback",
    "export_progress": "handin",
    "reset_progress": "progress",
    # the instructor's class loop
    "class_report": "class_charts",
    # interactive views (ipywidgets, each with a static fallback)
    "timeline_explorer": "ui.timeline_view",
    "map_explorer": "ui.map_view",
    "actor_explorer": "ui.actor_view",
    "quiz": "ui.quiz_view",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    module_name = _API.get(name)
    if module_name is None:
        raise AttributeError(f"course_lib has no name {name!r}; see dir(course_lib)")
    module = importlib.import_module(f".{module_name}", __name__)
    from .arguments import public

    value = public(name, getattr(module, name))  # arguments checked against the type hints
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))


if TYPE_CHECKING:  # pragma: no cover - for editors and type checkers only
    from .chronology import balance, event_date, events, signal_chart, timeline_figure
    from .class_charts import class_report
    from .data import (
        actors,
        data_dir,
        glossary,
        places,
        quotes,
        relations,
        reload,
        sources,
        timeline,
        validate,
    )
    from .errors import CourseError, DataError
    from .exercises import question, questions
    from .handin import export_progress
    from .maps import control_areas, karabakh_map, nkao
    from .neighbours import region_map, ukraine_map
    from .network import actor_graph, actor_network
    from .progress import reset_progress
    from .reference import show_glossary, sources_for
    from .session import environment_check, start
    from .style import FigureResult, palette, present, presenting
    from .tables import actor_table, control_table, event_table, nkao_area, tie_kinds
    from .ui.actor_view import actor_explorer
    from .ui.feedback import check, hint, score
    from .ui.map_view import map_explorer
    from .ui.quiz_view import quiz
    from .ui.timeline_view import timeline_explorer
    from .voices import quote, quote_card
