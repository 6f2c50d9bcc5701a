"""Help texts that several models share, so that each says the same useful thing."""

from django.utils.translation import gettext_lazy as _

MARKDOWN = _(
    "Formatting with Markdown: *italic*, **bold**, a line starting with “- ” is a list item, "
    "[text](https://…) is a link."
)
