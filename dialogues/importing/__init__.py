"""Reading dialogue documents (Open Space notes, minutes) into plain structures."""

from okportal.documents import DocumentError, read_document

from .parser import normalise_title, parse_dialogue
from .structure import (
    ParsedBarometerStatement,
    ParsedDialogue,
    ParsedEvent,
    ParsedNote,
    ParsedQuestion,
    ParsedTopic,
    UnplacedLine,
)

__all__ = [
    "DocumentError",
    "ParsedBarometerStatement",
    "ParsedDialogue",
    "ParsedEvent",
    "ParsedNote",
    "ParsedQuestion",
    "ParsedTopic",
    "UnplacedLine",
    "normalise_title",
    "parse_dialogue",
    "read_document",
]
