"""Read YAML while remembering the line each value came from, so every problem names `file:line`."""

from __future__ import annotations

from typing import Any

import yaml

# The C loader is several times faster where PyYAML was built with libyaml; the pure one behaves the same.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The one-pass reader needs the parser alone: libyaml's (the base of CSafeLoader, whose events are the same) skips
# building a constructor and a resolver for every file only to drop them.
_Parser = yaml.cyaml.CParser if _Loader is not yaml.SafeLoader else yaml.SafeLoader

Path_ = tuple[str | int, ...]


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# Knowledge files are flat: a role is a mapping of lists and small mappings. Far deeper nesting is an attack on the
# parser's recursion, not content.
MAX_DEPTH = 20


def check_plain(text: str) -> None:
    """Refuse, before anything is built, what knowledge files never need and attackers use: anchors and aliases
    (`&a`, `*a`: "billion laughs" grows a few hundred bytes into gigabytes), explicit tags (`!!python/name:…`,
    `!custom`), and nesting deeper than `MAX_DEPTH`. Works on the parser's event stream, which is flat and cheap."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        depth = _refuse_unless_plain(event, depth)


def _refuse_unless_plain(event: yaml.Event, depth: int) -> int:
    """Raise if `event` is one `check_plain` refuses; the nesting depth after it."""
    line = event.start_mark.line + 1
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        raise YamlSyntaxError(line, "anchors and aliases (&name, *name) are not allowed in knowledge files")
    if getattr(event, "tag", None) is not None:
        raise YamlSyntaxError(line, f"tags like '{_short(event.tag)}' are not allowed in knowledge files")
    if isinstance(event, _OPENING):
        depth += 1
        if depth > MAX_DEPTH:
            raise YamlSyntaxError(line, f"nested more than {MAX_DEPTH} levels deep")
    elif isinstance(event, _CLOSING):
        depth -= 1
    return depth


_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def load_with_lines(text: str) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML document into plain Python data plus a map from each value's path to its 1-based line.

    Mapping keys are recorded too, under the path of their value with a trailing `"<key>"` marker, so that an
    unknown key can be reported on its own line. Anchors, aliases, tags and deep nesting are refused first
    (`check_plain`).
    """
    try:
        return _load_in_one_pass(text)
    except _Unusual:
        return _load_in_two_passes(text)


class _Unusual(Exception):
    """A document that the one-pass reader leaves to the two-pass one: a problem it would word differently or
    report in another order (a duplicate key, an unreadable value, a second document), or a key that is a list or
    mapping."""


_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()  # the implicit types of plain scalars, as the loader resolves them
# The first characters with which a plain scalar may be something other than text (a digit, "t" of true, "~"...);
# a None among them would mean any character.
_MAYBE_NOT_TEXT = frozenset(_RESOLVER.yaml_implicit_resolvers)
_TEXT_BY_FIRST_CHARACTER = None not in _MAYBE_NOT_TEXT


def _load_in_one_pass(text: str) -> tuple[Any, dict[Path_, int]]:
    """`_load_in_two_passes` in one pass over the parser's events (it parses each file twice): refusals checked
    as `check_plain` checks them, in the same order, and the data built from the events as `_convert` builds it
    from the nodes. Raises `_Unusual` where the two could differ."""
    lines: dict[Path_, int] = {}
    root: Any = None
    # One frame per open mapping or list: [container, its path, the key whose value comes next (a mapping's),
    # whether it is a list]; `frame` is the innermost one.
    stack: list[list[Any]] = []
    frame: list[Any] | None = None
    constructor = None  # built for the first scalar that is not plain text
    depth = documents = 0
    # Names read for each of ~60 events a file, as locals.
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    closing, document_start, alias_event = _CLOSING, yaml.DocumentStartEvent, yaml.AliasEvent
    maybe_not_text = _MAYBE_NOT_TEXT if _TEXT_BY_FIRST_CHARACTER else None
    try:
        for event in iter(_Parser(text).get_event, None):  # None once the stream has ended
            kind = type(event)
            if kind is scalar_event:
                if event.anchor or event.tag is not None:
                    _refuse_unless_plain(event, depth)  # raises, as check_plain would
                value = event.value
                # Quoted and block text is text; a plain scalar may be a number, a boolean, null or a date.
                if (event.implicit[0] and (maybe_not_text is None or value[:1] in maybe_not_text)
                        and _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit) != _STR):
                    constructor = constructor or yaml.constructor.SafeConstructor()
                    value = _constructed(event, constructor)
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor or event.tag is not None or depth >= MAX_DEPTH:
                    _refuse_unless_plain(event, depth)  # raises: refused, or one level too deep
                depth += 1
                value = {} if kind is mapping_start else []
            elif kind in closing:
                depth -= 1
                stack.pop()
                frame = stack[-1] if stack else None
                continue
            elif kind is document_start:
                documents += 1
                if documents > 1:
                    raise _Unusual
                continue
            elif kind is alias_event:
                _refuse_unless_plain(event, depth)  # raises
            else:
                continue
            line = event.start_mark.line + 1
            if frame is None:
                root, path = value, ()
            elif frame[3]:  # a list's item
                container = frame[0]
                path = frame[1] + (len(container),)
                container.append(value)
            elif frame[2] is None:  # a mapping's key
                if kind is not scalar_event:
                    raise _Unusual
                key = value if isinstance(value, str) else str(value)
                if key in frame[0]:
                    raise _Unusual
                lines[frame[1] + (key, "<key>")] = line
                frame[2] = key
                continue
            else:  # a mapping's value
                path = frame[1] + (frame[2],)
                frame[0][frame[2]] = value
                frame[2] = None
            lines[path] = line
            if kind is not scalar_event:
                frame = [value, path, None, kind is sequence_start]
                stack.append(frame)
    except yaml.MarkedYAMLError as exc:
        raise _malformed(exc) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, f"malformed YAML: {_short(str(exc), 200)}") from None
    if not documents:
        return None, {(): 1}
    return root, lines


def _constructed(event: yaml.ScalarEvent, constructor: Any) -> Any:
    node = yaml.ScalarNode(_RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit), event.value,
                           event.start_mark, event.end_mark, event.style)
    try:
        return constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError):
        raise _Unusual from None


def _malformed(exc: yaml.MarkedYAMLError) -> YamlSyntaxError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    return YamlSyntaxError(line, f"malformed YAML: {_short(str(exc.problem or exc), 200)}")


def _load_in_two_passes(text: str) -> tuple[Any, dict[Path_, int]]:
    """`check_plain`, then the node tree composed by the parser, converted (the reference reading)."""
    try:
        check_plain(text)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _malformed(exc) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, f"malformed YAML: {_short(str(exc), 200)}") from None
    lines: dict[Path_, int] = {}
    if node is None:
        return None, {(): 1}
    # A fresh constructor per document resolves each scalar's implicit type (int, bool, null, str) exactly
    # as safe_load would, without keeping objects alive between files.
    return _convert(node, (), lines, yaml.constructor.SafeConstructor()), lines


def _convert(node: yaml.Node, path: Path_, lines: dict[Path_, int], constructor: Any) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, constructor)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise YamlSyntaxError(key_node.start_mark.line + 1, f"duplicate key '{key}'")
            lines[path + (key, "<key>")] = key_node.start_mark.line + 1
            result[key] = _convert(value_node, path + (key,), lines, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (index,), lines, constructor) for index, item in enumerate(node.value)]
    return _scalar(node, constructor)


def _scalar(node: yaml.Node, constructor: Any) -> Any:
    if isinstance(node, yaml.ScalarNode):
        try:
            return constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:  # a date like 2001-13-45, say
            raise YamlSyntaxError(node.start_mark.line + 1,
                                  f"cannot read the value '{_short(str(node.value))}': {_short(str(exc), 100)}") from None
    return str(node.value)


def line_of(lines: dict[Path_, int], path: Path_) -> int:
    """The line of `path`, or of its nearest ancestor that exists (a missing key is reported on its parent)."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)
