"""Every environment variable OneStop reads, with its help text.

Settings read configuration only through :func:`env`, so ``onestop show-config`` and the docs list
each variable with its default and meaning.
"""

import os
from dataclasses import dataclass
from typing import overload


@dataclass(frozen=True)
class Variable:
    name: str
    default: object
    help: str


REGISTRY: dict[str, Variable] = {}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@overload
def env(name: str, default: str, *, help: str) -> str: ...
@overload
def env(name: str, default: bool, *, help: str) -> bool: ...
@overload
def env(name: str, default: int, *, help: str) -> int: ...
@overload
def env(name: str, default: list[str], *, help: str) -> list[str]: ...
@overload
def env(name: str, default: None, *, help: str) -> str | None: ...


def env(name: str, default: object, *, help: str) -> object:
    """Read ``name`` from the environment, converting it to the type of ``default``."""
    REGISTRY[name] = Variable(name=name, default=default, help=help)
    raw = os.environ.get(name)
    if raw is None:
        return default
    if isinstance(default, bool):
        lowered = raw.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(f"{name} must be true or false, not {raw!r}")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, list):
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw
