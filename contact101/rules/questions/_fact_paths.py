"""Facts as paths into a ContactDetails: `offence_facts[0].act`, `risk_indicators.weapon`,
`hate_strands+` (append once), set from the plain values a question set's YAML gives.
`offence.act` is short for `offence_facts[0].act` (and `second_offence.` for the second act)."""

from __future__ import annotations

import re
from typing import Any

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

STEP = re.compile(r"(?P<name>[a-z][a-z0-9_]*)(?:\[(?P<index>[0-9])\])?(?P<append>\+)?", re.ASCII)
# Short names for the acts of a contact: the first (principal) and a second one.
ALIASES = {"offence": "offence_facts[0]", "second_offence": "offence_facts[1]"}


class FactPathError(ValueError):
    """A path or value that does not fit the message: the step of the path, and the problem."""

    def __init__(self, step: str, problem: str) -> None:
        super().__init__(f"{step}: {problem}")
        self.step = step
        self.problem = problem


def set_fact(message: Message, path: str, value: Any) -> None:
    """Set the field at path in message to value: an enum by its short name (THEFT for
    OFFENCE_ACT_THEFT), a message from a mapping of its fields; `name+` appends to a repeated
    field (a scalar only when not there already), `name[0]` is that item, made when missing."""
    first, dot, rest = path.partition(".")
    steps = (f"{ALIASES.get(first, first)}{dot}{rest}").split(".")
    target = message
    for step in steps[:-1]:
        target = _child(target, step)
    _assign(target, steps[-1], value)


def _parse(message: Message, step: str) -> tuple[Any, int | None, bool]:
    match = STEP.fullmatch(step)
    if match is None:
        raise FactPathError(step, "must be a field name, with [n] or + on a list")
    field = message.DESCRIPTOR.fields_by_name.get(match["name"])
    if field is None:
        raise FactPathError(match["name"], f"no such field of {message.DESCRIPTOR.name}")
    index = None if match["index"] is None else int(match["index"])
    append = match["append"] is not None
    repeated = field.is_repeated
    if (index is not None or append) != repeated:
        raise FactPathError(step, "a list field needs [n] or +, and only a list field takes them")
    return field, index, append


def drop_repeat(items: Any) -> None:
    """Remove the last item of a repeated message field when an earlier item equals it: answers
    applied again (an amendment) add each line of enquiry, suspect or witness once."""
    if len(items) > 1 and any(item == items[-1] for item in items[:-1]):
        del items[-1]


def _child(message: Message, step: str) -> Message:
    field, index, append = _parse(message, step)
    if field.message_type is None:
        raise FactPathError(step, "is not a message, so nothing is inside it")
    if index is None and not append:
        child: Message = getattr(message, field.name)
        return child
    items = getattr(message, field.name)
    if append:
        added: Message = items.add()
        return added
    assert index is not None
    while len(items) <= index:
        items.add()
    item: Message = items[index]
    return item


def _assign(message: Message, step: str, value: Any) -> None:
    field, index, append = _parse(message, step)
    if field.message_type is not None:
        if not isinstance(value, dict):
            raise FactPathError(step, "is a message: give a mapping of its fields")
        if append:
            built = getattr(message, field.name).add()
            for name, item in value.items():
                _assign(built, str(name), item)
            drop_repeat(getattr(message, field.name))
            return
        target = _child(message, step)
        target.SetInParent()
        for name, item in value.items():
            _assign(target, str(name), item)
        return
    converted = _scalar(field, value, step)
    if append:
        items = getattr(message, field.name)
        if converted not in items:
            items.append(converted)
    elif index is not None:
        raise FactPathError(step, "give a list of plain values with +, not [n]")
    else:
        setattr(message, field.name, converted)


def _scalar(field: Any, value: Any, step: str) -> Any:
    if field.enum_type is not None:
        prefix = field.enum_type.values[0].name.removesuffix("UNSPECIFIED")
        known = field.enum_type.values_by_name.get(f"{prefix}{value}") if isinstance(value, str) else None
        if known is None or known.number == 0:
            names = ", ".join(v.name.removeprefix(prefix) for v in field.enum_type.values if v.number)
            raise FactPathError(step, f"must be one of {names}")
        return known.number
    if field.type == FieldDescriptor.TYPE_BOOL:
        if not isinstance(value, bool):
            raise FactPathError(step, "must be true or false")
        return value
    if field.type in (FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_INT64):
        if not isinstance(value, int) or isinstance(value, bool):
            raise FactPathError(step, "must be a whole number")
        return value
    if field.type == FieldDescriptor.TYPE_STRING:
        if not isinstance(value, str):
            raise FactPathError(step, "must be text")
        return value
    raise FactPathError(step, f"a {field.type} field cannot be set from a question set")
