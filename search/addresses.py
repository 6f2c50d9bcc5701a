"""Addresses of many rows of one kind (a page of hits, a page of open data): the URL pattern is
reversed once per language, and each row's values are put into it, instead of a reverse() a row.
"""

from functools import lru_cache

from django.urls import reverse
from django.utils.translation import get_language


def address(name: str, *args: str | int) -> str:
    """reverse(name, args=args) for slugs and whole numbers."""
    path = _pattern(name, get_language(), tuple(isinstance(arg, int) for arg in args))
    for position, arg in enumerate(args):
        path = path.replace(_stand_in(position, isinstance(arg, int)), str(arg), 1)
    return path


def _stand_in(position: int, number: bool) -> str:
    return str(987_654_321_000 + position) if number else f"argument-{position}-x"


@lru_cache(maxsize=256)
def _pattern(name: str, language: str, numbers: tuple[bool, ...]) -> str:
    """`name` reversed in `language` with a stand-in for each argument."""
    return reverse(name, args=[_stand_in(n, number) for n, number in enumerate(numbers)])
