"""Requests no page can answer are refused at the door, before any view or query sees them."""

from django.core.exceptions import BadRequest

NUL = "\x00"


def _has_nul(request) -> bool:
    """A NUL byte in the address, a query parameter or a cookie: PostgreSQL cannot take one in
    a query (psycopg refuses it), so it must never reach a lookup."""
    return (
        NUL in request.path
        or any(NUL in key or any(NUL in v for v in values) for key, values in request.GET.lists())
        or any(NUL in key or NUL in value for key, value in request.COOKIES.items())
    )


class RejectNulBytesMiddleware:
    """400 (the site's page, in the visitor's language) for a request carrying a NUL byte.

    Form fields need no check here: Django's form fields refuse NUL bytes themselves
    (ProhibitNullCharactersValidator) with a message beside the field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            raise BadRequest("NUL byte in the address, the query or a cookie")
        return self.get_response(request)
