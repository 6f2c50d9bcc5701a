"""A QR code for the projector, as inline SVG made on the server (no script, no image request).

segno writes plain SVG: no XML declaration (it sits inside HTML), colours as fill/stroke
attributes and no style attribute (the CSP allows no inline styles), a viewBox so CSS sizes it.
"""

import io

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, label: str) -> SafeString:
    """The URL as a QR code; `label` is its text alternative (role="img", aria-label)."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        dark="#000",
        light="#fff",
        border=4,
        omitsize=True,
        svgclass="qr-code",
        lineclass=None,
        nl=False,
    )
    svg = out.getvalue().decode()
    attributes = f'<svg role="img" aria-label="{escape(label)}" focusable="false" '
    return mark_safe(attributes + svg[len("<svg ") :])  # noqa: S308 - segno output, label escaped
