"""A join request's decision, and its reason, reach the organisation in the decision mail."""

import pytest

from okportal.models import OutgoingMail
from organisations import groups
from organisations.models import Membership

from .factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db


def test_an_accepted_request_tells_the_reason_too(representative, coordinator):
    request = groups.request_to_join(WorkingGroupFactory(), representative)
    assert groups.accept([request.pk], coordinator) == 1
    groups.decide_requests([request.pk], Membership.Status.ACTIVE, coordinator, "Välkomna!")
    mail = OutgoingMail.objects.get(recipient="karin@example.org")
    assert "är nu med i" in mail.body_text
    assert "Skäl:" not in mail.body_text

    other = groups.request_to_join(WorkingGroupFactory(), representative)
    groups.decide_requests([other.pk], Membership.Status.ACTIVE, coordinator, "Välkomna!")
    mail = OutgoingMail.objects.get(recipient="karin@example.org", key__contains=f":{other.pk}:")
    assert "Välkomna!" in mail.body_text and "Välkomna!" in mail.body_html


def test_a_reason_written_on_the_request_in_the_admin_goes_with_the_decline(
    admin_client, representative
):
    request = groups.request_to_join(WorkingGroupFactory(), representative)
    Membership.objects.filter(pk=request.pk).update(reason="Gruppen är full i år.")
    url = f"/admin/organisations/joinrequest/{request.pk}/decline/"
    assert "Gruppen är full i år." in admin_client.get(url).content.decode()
    admin_client.post(url, {"reason": "Gruppen är full i år."})
    mail = OutgoingMail.objects.get(recipient="karin@example.org")
    assert "Gruppen är full i år." in mail.body_text


def test_when_the_person_who_asked_is_gone_the_organisation_hears(representative, coordinator):
    organisation = representative.organisation
    organisation.email = "info@klaralven.example.org"
    organisation.save()
    request = groups.request_to_join(WorkingGroupFactory(), representative)
    representative.user.delete()
    groups.decline([request.pk], coordinator, "Gruppen är full.")
    mail = OutgoingMail.objects.get(key__startswith="organisations:join-decision")
    assert mail.recipient == "info@klaralven.example.org"
    assert "Gruppen är full." in mail.body_text
