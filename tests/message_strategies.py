"""Hypothesis strategies for any protobuf message, built from its descriptor.

`messages(descriptor)` draws arbitrary messages; `mutations_of(message)` draws a valid
message with a few fields replaced by arbitrary values, which reaches the checks deep
inside a request. Strings lean towards the edges that matter to Contact101: empty,
blank, over-long, control characters, look-alike digits, dates, phones and postcodes.
"""

from __future__ import annotations

from typing import Any, cast

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message
from google.protobuf.message_factory import GetMessageClass
from hypothesis import strategies as st

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
MAX_DEPTH = 4
EDGE_STRINGS = [
    "",
    " ",
    "\t\n",
    "\x00",
    "a\x07b",
    "line one\nline two",
    "\u202eevil",
    "x" * 129,
    "x" * 201,
    "x" * 2_001,
    "x" * 20_001,
    "101-19990101-0001",
    "101-20260101-1234567890",
    "101-19990101-0001".translate(
        str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
    ),
    "1990-04-01",
    "2999-01-01",
    "1899-12-31",
    "1990-02-30",
    "19900401",
    "07700 900123",
    "+44 (0)20 7946 0000",
    "-------",
    "0" * 16,
    "SW1A 1AA",
    "LS1 4AP\n",
    "alex@example.org",
    "alex@example.org\n",
    "pc.smith",
    "pc smith",
    "' OR 1=1 --",
    "💥",
]
EDGE_INTS = [0, 1, 2, -1, INT32[0], INT32[1]]


def text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(EDGE_STRINGS),
        st.text(st.characters(codec="utf-8"), max_size=12),
    )


def integers(bounds: tuple[int, int]) -> st.SearchStrategy[int]:
    return st.one_of(st.sampled_from(EDGE_INTS), st.integers(*bounds))


def scalar(field: FieldDescriptor, depth: int) -> st.SearchStrategy[Any]:
    kind = field.type
    if field.message_type is not None:
        return messages(field.message_type, depth + 1)
    if field.enum_type is not None:
        named = [value.number for value in field.enum_type.values]
        return st.one_of(st.sampled_from(named), integers((-3, 99)))
    if kind == FieldDescriptor.TYPE_STRING:
        return text()
    if kind == FieldDescriptor.TYPE_BYTES:
        return st.binary(max_size=16)
    if kind == FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        return st.floats(width=32 if kind == FieldDescriptor.TYPE_FLOAT else 64)
    if kind in (FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_SINT64, FieldDescriptor.TYPE_SFIXED64):
        return integers(INT64)
    if kind in (FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_FIXED32):
        return st.integers(0, 2**32 - 1)
    if kind in (FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_FIXED64):
        return st.integers(0, 2**64 - 1)
    return integers(INT32)


def is_map(field: FieldDescriptor) -> bool:
    """Map fields are left unset: no Contact101 request has one yet."""
    return field.message_type is not None and field.message_type.GetOptions().map_entry


def value_for(field: FieldDescriptor, depth: int = 0) -> st.SearchStrategy[Any]:
    """A value for field: a list for a repeated field (now and then more than any limit allows)."""
    element = scalar(field, depth)
    if not field.is_repeated:
        return element
    few = st.lists(element, max_size=3)
    return st.one_of(few, few, few, element.map(lambda item: [item] * 51))


def assign(message: Message, field: FieldDescriptor, value: Any) -> None:
    if field.is_repeated:
        message.ClearField(field.name)
        getattr(message, field.name).extend(value)
    elif field.type == FieldDescriptor.TYPE_MESSAGE:
        getattr(message, field.name).CopyFrom(value)
    else:
        setattr(message, field.name, value)


def lazily(field: FieldDescriptor, depth: int) -> st.SearchStrategy[Any]:
    """value_for(field), built only when drawn (messages nest)."""
    return st.deferred(lambda: value_for(field, depth))


def messages(descriptor: Descriptor, depth: int = 0) -> st.SearchStrategy[Message]:
    """Arbitrary messages of the type: any subset of fields set to arbitrary values."""
    message_class = GetMessageClass(descriptor)
    if depth >= MAX_DEPTH:
        return st.just(message_class())
    fields = {field.name: field for field in descriptor.fields if not is_map(field)}

    def build(values: dict[str, Any]) -> Message:
        message = message_class()
        for name, value in values.items():
            assign(message, fields[name], value)
        return message

    optional = {name: lazily(field, depth) for name, field in fields.items()}
    return st.fixed_dictionaries({}, optional=optional).map(build)


def field_paths(descriptor: Descriptor, depth: int = 0) -> list[tuple[FieldDescriptor, ...]]:
    """Every field reachable through singular message fields, as a path from the top."""
    paths: list[tuple[FieldDescriptor, ...]] = []
    for field in descriptor.fields:
        if is_map(field):
            continue
        paths.append((field,))
        if field.message_type is not None and not field.is_repeated and depth < MAX_DEPTH:
            paths.extend((field, *rest) for rest in field_paths(field.message_type, depth + 1))
    return paths


@st.composite
def mutations_of(draw: st.DrawFn, valid: Message, most: int = 3) -> Message:
    """valid with up to `most` fields, anywhere in it, replaced by arbitrary values (a message
    without fields, such as ListIncidentTypesRequest, as it is)."""
    message = type(valid)()
    message.CopyFrom(valid)
    paths = field_paths(cast(Descriptor, message.DESCRIPTOR))
    for _ in range(draw(st.integers(0, most if paths else 0))):
        path = draw(st.sampled_from(paths))
        parent = message
        for field in path[:-1]:
            parent = getattr(parent, field.name)
        assign(parent, path[-1], draw(value_for(path[-1], depth=len(path))))
    return message
