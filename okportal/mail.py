"""Queue e-mail through the outbox; the Celery worker sends it after the transaction commits.

Each message is a template set in `templates/mail/`: NAME_subject.txt, NAME.txt and NAME.html,
rendered in the recipient's language.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import OutgoingMail


def render_mail(template: str, context: dict, language: str) -> tuple[str, str, str]:
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"mail/{template}_subject.txt", context)
        text = render_to_string(f"mail/{template}.txt", context)
        html = render_to_string(f"mail/{template}.html", context)
    return " ".join(subject.split()), text, html


def queue_mail(
    key: str, recipient: str, template: str, context: dict, language: str = "sv"
) -> OutgoingMail | None:
    """Store the message and send it once the surrounding transaction commits.

    Returns None when a message for this occasion already went to this recipient.
    """
    from .tasks import send_mail

    subject, text, html = render_mail(template, context, language)
    try:
        with transaction.atomic():
            mail = OutgoingMail.objects.create(
                key=key, recipient=recipient, subject=subject, body_text=text, body_html=html
            )
    except IntegrityError:
        return None
    send_mail.delay_on_commit(mail.pk)
    return mail
