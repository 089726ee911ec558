"""`record`: a dataclass whose `==` and `repr` are two shared functions instead of compiled for it.

`@dataclass` writes each class's `__init__`, `__eq__` and `__repr__` as source text and compiles
them when the module is imported, on every start of closer: about 0.17 ms a method here, 4 ms
for the equality and the repr of the model's classes alone. `__init__` has to be each class's own
(its parameters are the fields), but equality and the repr are the same for every class: here
they read the fields from a table made on first use, and give what `@dataclass` gives. Equal when
of the very same class with equal compared fields, in order (else `NotImplemented`); unhashable,
as a mutable dataclass with `==` is; `Goal(text='…', status='open')`, fields with `repr=False`
left out, and `...` for a record met again inside itself.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")


def record(cls: type[T]) -> type[T]:
    """``@dataclass``, with the shared ``__eq__`` and ``__repr__`` (a class's own ones are kept)."""
    own_eq, own_repr = "__eq__" in cls.__dict__, "__repr__" in cls.__dict__
    cls = dataclass(eq=False, repr=False)(cls)
    if not own_eq:
        cls.__eq__ = _equal_fields  # type: ignore[method-assign]
        cls.__hash__ = None  # type: ignore[assignment]  # as @dataclass does for a mutable class with ==
    if not own_repr:
        cls.__repr__ = _fields_repr  # type: ignore[method-assign]
    return cls


@cache
def _compared(cls: type) -> Callable[[Any], tuple]:
    names = [f.name for f in fields(cls) if f.compare]
    if len(names) == 1:
        (name,) = names
        return lambda obj: (getattr(obj, name),)
    return attrgetter(*names) if names else lambda obj: ()


@cache
def _shown(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.repr)


def _equal_fields(self: Any, other: Any) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    values = _compared(self.__class__)
    return values(self) == values(other)


@reprlib.recursive_repr()
def _fields_repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _shown(self.__class__))
    return f"{self.__class__.__qualname__}({shown})"
