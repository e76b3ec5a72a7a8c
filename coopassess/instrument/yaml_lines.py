"""YAML loading that remembers where each mapping and key was, for precise error messages."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


@dataclass
class SourceMap:
    """Line of every mapping, and of every key in it, of one loaded file (1-based)."""

    path: Path
    mapping_lines: dict[int, int] = field(default_factory=dict)
    key_lines: dict[int, dict[Any, int]] = field(default_factory=dict)

    def line_of(self, root: Any, location: Sequence[str | int]) -> int | None:
        """The line of the deepest element of ``location`` found under ``root``."""
        node, line = root, self.mapping_lines.get(id(root))
        for step in location:
            if isinstance(node, dict) and step in node:
                line = self.key_lines.get(id(node), {}).get(step, line)
                node = node[step]
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                node = node[step]
                line = self.mapping_lines.get(id(node), line)
            else:
                break
        return line


class YamlSyntaxError(ValueError):
    def __init__(self, path: Path, line: int | None, message: str) -> None:
        super().__init__(f"{path}:{line or '?'} {message}")
        self.path, self.line, self.message = path, line, message


def load_with_lines(path: Path) -> tuple[Any, SourceMap]:
    source = SourceMap(path)

    class _Loader(yaml.SafeLoader):
        def construct_yaml_map(self, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
            data: dict[Any, Any] = {}
            yield data
            data.update(self.construct_mapping(node))
            source.mapping_lines[id(data)] = node.start_mark.line + 1
            source.key_lines[id(data)] = {
                self.construct_object(key): key.start_mark.line + 1 for key, _ in node.value
            }

    _Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)

    try:
        with path.open(encoding="utf-8") as stream:
            data = yaml.load(stream, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise YamlSyntaxError(path, mark.line + 1 if mark else None, str(error.problem)) from None
    except OSError as error:
        raise YamlSyntaxError(path, None, f"cannot read the file: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(path, None, str(error)) from None
    return data, source
