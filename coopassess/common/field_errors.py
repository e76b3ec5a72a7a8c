"""What a service answers when typed values are refused: every problem at once, each tied to
its field, so a page lists them at the top and links each one to its field."""

from __future__ import annotations


class FieldErrors(ValueError):
    """(field, French message) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(" ".join(message for _, message in problems))
        self.problems = problems
