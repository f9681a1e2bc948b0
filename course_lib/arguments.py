"""One check at the public boundary: every ``cl.*`` function's arguments against its own type
hints, so a list where an id belongs, or text where True/False belongs, gets a sentence that
says what to give instead of a TypeError from deep inside pandas.

Only the hints say what is accepted (nothing is listed twice); ``Any`` and hints that cannot
be read here are left to the function. Functions that already answer every value with a
message (``check``, ``hint``, ``score``, ``quiz``) are not wrapped.

Example:
    >>> def quote(quote_id: str) -> str:
    ...     return quote_id
    >>> guarded(quote)(["q1"])
    Traceback (most recent call last):
    ...
    course_lib.errors.ArgumentError: cl.quote() cannot use ['q1'] as quote_id: give text in quotes.
"""

from __future__ import annotations

import ast
import builtins
import collections.abc as abc
import datetime as dt
import functools
import inspect
import os
import sys
import types
import typing
from collections.abc import Callable
from typing import Any

from .errors import ArgumentError, shown

# Their own contract: any value gives a result with a message, never an exception.
SELF_CHECKING = frozenset({"check", "hint", "score", "quiz"})
_COLLECTIONS = (list, tuple, set, frozenset)
_DESCRIPTIONS = {
    str: "text in quotes",
    bool: "True or False",
    int: "a whole number",
    float: "a number",
    type(None): "None",
    dt.date: "a date",
    os.PathLike: "a file path",
}


class _Unknown:
    """A hint this module cannot read (a name imported only for type checkers)."""


def _read(node: ast.expr, namespace: dict[str, Any]) -> Any:
    """A hint from its source text's syntax tree: names, ``a.b``, ``x[y]`` and ``x | y``
    (read, never evaluated: nothing in an annotation runs)."""
    if isinstance(node, ast.Constant) and node.value is None:
        return type(None)
    if isinstance(node, ast.Name):
        return namespace.get(node.id, getattr(builtins, node.id, _Unknown))
    if isinstance(node, ast.Attribute):
        return getattr(_read(node.value, namespace), node.attr, _Unknown)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _read(node.left, namespace), _read(node.right, namespace)
        return _Unknown if _Unknown in (left, right) else typing.Union[left, right]  # noqa: UP007
    if isinstance(node, ast.Subscript):
        base = _read(node.value, namespace)
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        args = tuple(_read(item, namespace) for item in items)
        if base is _Unknown or _Unknown in args:
            return _Unknown
        try:
            return base[args if len(args) > 1 else args[0]]
        except TypeError:
            return _Unknown
    return _Unknown


def _hints(function: Callable[..., Any]) -> dict[str, Any]:
    """Each parameter's hint, read on its own (one unreadable hint skips only itself)."""
    namespace = vars(sys.modules.get(function.__module__, typing))
    hints = {}
    for name, parameter in inspect.signature(function).parameters.items():
        hint = parameter.annotation
        if isinstance(hint, str):
            try:
                hint = _read(ast.parse(hint, mode="eval").body, namespace)
            except SyntaxError:
                continue
        if hint not in (inspect.Parameter.empty, Any, _Unknown):
            hints[name] = hint
    return hints


def accepts(value: Any, hint: Any) -> bool:
    """Whether ``value`` fits ``hint`` (unknown kinds of hint accept everything).

    Example:
        >>> accepts(["a", "b"], list[str] | None), accepts([["a"]], list[str] | None)
        (True, False)
    """
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        return any(accepts(value, h) for h in args)
    if hint is bool:
        return isinstance(value, bool)
    if hint in (int, float):
        return isinstance(value, int | float if hint is float else int) and not isinstance(
            value, bool
        )
    if hint is os.PathLike or origin is os.PathLike:
        return isinstance(value, os.PathLike)
    if origin in (list, tuple, set, frozenset, abc.Iterable, abc.Sequence, abc.Collection):
        if isinstance(value, str) and origin is abc.Iterable:
            return not args or args[0] is str  # "az" is an iterable of texts too
        if not isinstance(value, _COLLECTIONS):
            return False
        return not args or args[0] is Ellipsis or all(accepts(v, args[0]) for v in value)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


def describe(hint: Any) -> str:
    """What to give, in words: "text in quotes or a list of texts"."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        parts = [describe(h) for h in args if h is not type(None)]
        return " or ".join(dict.fromkeys(parts))
    if origin in (list, tuple, set, frozenset, abc.Iterable, abc.Sequence, abc.Collection):
        inner = describe(args[0]) if args and args[0] is not Ellipsis else "values"
        return "a list of " + ("texts" if inner == "text in quotes" else inner)
    if origin is os.PathLike:
        return _DESCRIPTIONS[os.PathLike]
    return _DESCRIPTIONS.get(hint, getattr(hint, "__name__", str(hint)))


def guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with its arguments checked first (an :class:`ArgumentError` names the
    argument and what to give); the same signature, docstring and result otherwise."""
    hints = _hints(function)
    signature = inspect.signature(function)
    if not hints:
        return function

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as exc:
            raise ArgumentError(f"cl.{function.__name__}(): {exc}.") from None
        for name, value in bound.arguments.items():
            hint = hints.get(name)
            if hint is not None and not accepts(value, hint):
                raise ArgumentError(
                    f"cl.{function.__name__}() cannot use {shown(value)} as {name}: "
                    f"give {describe(hint)}."
                )
        return function(*args, **kwargs)

    return call


def public(name: str, value: Any) -> Any:
    """What ``cl.<name>`` is: functions guarded, classes and self-checking functions as they are."""
    if inspect.isfunction(value) and name not in SELF_CHECKING:
        return guarded(value)
    return value
