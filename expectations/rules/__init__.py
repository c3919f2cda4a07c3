"""One module per rule family; each builds a check frame (see ``expectations.frames``).

A module registers, by rule id, the function that builds each of its rules' check frame
(``@builds``) and, for a report rule, the one that writes its findings' messages
(``@describes``). Which module a rule's frame comes from is the catalog's word
(``catalog.RuleSpec.checked_by``): ``findings`` imports the modules the catalog names and binds
each rule to what they registered, and a test holds the registry and the catalog to the same
rule ids. A rule computed in SQL (Y-01, Y-02) registers nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import polars as pl

#: rule id → the function building its check frame (report rules: ``frames.Prepared`` → frame;
#: a rule read from a dbt model: the model's rows → frame)
BUILDERS: dict[str, Callable[..., pl.DataFrame]] = {}
#: rule id → the function adding ``message_zh`` / ``message_en`` to its failing rows
DESCRIBERS: dict[str, Callable[[pl.DataFrame], pl.DataFrame]] = {}

F = TypeVar("F", bound=Callable[..., Any])


def _register(registry: dict[str, Any], what: str, rule_id: str) -> Callable[[F], F]:
    def register(function: F) -> F:
        known = registry.get(rule_id)
        if known is not None and _name(known) != _name(function):
            raise ValueError(f"{rule_id}: {what} {_name(function)} besides {_name(known)}")
        registry[rule_id] = function
        return function

    return register


def _name(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def builds(rule_id: str) -> Callable[[F], F]:
    """Register the decorated function as the builder of ``rule_id``'s check frame."""
    return _register(BUILDERS, "a second check-frame builder", rule_id)


def describes(rule_id: str) -> Callable[[F], F]:
    """Register the decorated function as the writer of ``rule_id``'s finding messages."""
    return _register(DESCRIBERS, "a second describer", rule_id)
