import csv
import io

import pytest

from okportal.models import OutgoingMail
from organisations.models import Membership, Organisation

from .factories import MembershipFactory, OrganisationFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/organisations/pendingorganisation/"


@pytest.fixture
def pending(db):
    registrant = RepresentativeFactory(
        organisation__name="Väntande förening",
        organisation__status=Organisation.Status.PENDING,
        user__email="registrant@example.org",
    )
    registrant.organisation.registered_by = registrant.user
    registrant.organisation.save()
    return registrant.organisation


def test_the_queue_lists_only_what_waits(client, coordinator, pending):
    OrganisationFactory(name="Redan godkänd")
    client.force_login(coordinator)
    html = client.get(QUEUE).content.decode()
    assert "Väntande förening" in html
    assert "Redan godkänd" not in html
    assert (
        "organisationer som väntar på godkännande" in client.get("/admin/").content.decode().lower()
    )


def test_bulk_approval_decides_and_mails_each(client, coordinator, pending):
    second = OrganisationFactory(status=Organisation.Status.PENDING, registered_by=coordinator)
    client.force_login(coordinator)
    response = client.post(
        QUEUE,
        {"action": "approve_selected", "_selected_action": [pending.pk, second.pk]},
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(status="approved").count() == 2
    assert set(OutgoingMail.objects.values_list("recipient", flat=True)) == {
        "registrant@example.org",
        "samordnare@example.org",
    }
    pending.refresh_from_db()
    assert pending.decided_by == coordinator
    history = pending.history.first()
    assert history.history_user == coordinator
    assert history.status == "approved"


def test_bulk_rejection(client, coordinator, pending):
    client.force_login(coordinator)
    client.post(QUEUE, {"action": "reject_selected", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.REJECTED


def test_single_approval_from_the_change_page(client, coordinator, pending):
    client.force_login(coordinator)
    page = client.get(f"/admin/organisations/organisation/{pending.pk}/change/").content.decode()
    assert f"/admin/organisations/organisation/{pending.pk}/approve/" in page
    assert client.get(f"/admin/organisations/organisation/{pending.pk}/approve/").status_code == 405
    response = client.post(f"/admin/organisations/organisation/{pending.pk}/approve/")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.APPROVED
    assert OutgoingMail.objects.get().recipient == "registrant@example.org"


def test_single_rejection_with_a_reason(client, coordinator, pending):
    client.force_login(coordinator)
    url = f"/admin/organisations/organisation/{pending.pk}/reject/"
    assert client.get(url).status_code == 200
    client.post(url, {"reason": "Finns redan som Föreningen X."})
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.REJECTED
    assert pending.decision_reason == "Finns redan som Föreningen X."
    assert "Finns redan som Föreningen X." in OutgoingMail.objects.get().body_text


def test_csv_export_of_the_directory(client, coordinator, pending):
    organisation = OrganisationFactory(
        name="Åmåls vänner", organisation_number="802000-1239", email="info@example.org"
    )
    organisation.municipalities.set([])
    client.force_login(coordinator)
    listing = client.get("/admin/organisations/organisation/").content.decode()
    assert 'href="/admin/organisations/organisation/export.csv"' in listing
    response = client.get("/admin/organisations/organisation/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Namn", "Organisationsnummer", "Sektor"]
    assert rows[1][:3] == ["Åmåls vänner", "802000-1239", "Idéburen sektor"]
    assert len(rows) == 2  # the pending one is not in the directory


def test_csv_export_action_of_selected_rows(client, coordinator, pending):
    client.force_login(coordinator)
    response = client.post(
        "/admin/organisations/organisation/",
        {"action": "export_csv", "_selected_action": [pending.pk]},
    )
    assert "Väntande förening" in response.content.decode("utf-8-sig")


def test_join_requests_queue_and_bulk_acceptance(client, coordinator, representative):
    request = MembershipFactory(
        organisation=representative.organisation,
        representative=representative,
        status=Membership.Status.REQUESTED,
        joined_at=None,
    )
    MembershipFactory(group=request.group)  # an active one, not in the queue
    client.force_login(coordinator)
    html = client.get("/admin/organisations/joinrequest/").content.decode()
    assert "Föreningen Klarälven" in html
    assert html.count('name="_selected_action"') == 1
    client.post(
        "/admin/organisations/joinrequest/",
        {"action": "accept_selected", "_selected_action": [request.pk]},
    )
    request.refresh_from_db()
    assert request.status == Membership.Status.ACTIVE
    assert OutgoingMail.objects.get().recipient == "karin@example.org"


def test_admin_pages_answer(client, coordinator, pending):
    client.force_login(coordinator)
    for url in [
        "/admin/organisations/organisation/",
        "/admin/organisations/organisation/add/",
        "/admin/organisations/workinggroup/add/",
        "/admin/organisations/membership/",
        "/admin/organisations/theme/",
        "/admin/organisations/municipality/",
        "/admin/organisations/representative/",
        "/admin/organisations/invitation/",
        f"/admin/organisations/organisation/{pending.pk}/history/",
    ]:
        assert client.get(url).status_code == 200, url


def test_a_single_request_is_accepted_or_declined_from_its_page(
    client, coordinator, representative
):
    first, second = (
        MembershipFactory(
            organisation=representative.organisation,
            representative=representative,
            status=Membership.Status.REQUESTED,
            joined_at=None,
        )
        for _ in range(2)
    )
    client.force_login(coordinator)
    page = client.get(f"/admin/organisations/joinrequest/{first.pk}/change/").content.decode()
    assert f"/admin/organisations/joinrequest/{first.pk}/accept/" in page
    assert 'name="status"' not in page  # decided only through the buttons, which tell
    client.post(f"/admin/organisations/joinrequest/{first.pk}/accept/")
    url = f"/admin/organisations/joinrequest/{second.pk}/decline/"
    assert client.get(url).status_code == 200
    client.post(url, {"reason": "Gruppen är full."})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("active", "declined")
    assert second.reason == "Gruppen är full."
    assert OutgoingMail.objects.filter(recipient="karin@example.org").count() == 2


def test_the_status_of_a_saved_organisation_is_not_edited_by_hand(client, coordinator, pending):
    client.force_login(coordinator)
    page = client.get(f"/admin/organisations/organisation/{pending.pk}/change/").content.decode()
    assert 'name="status"' not in page
    assert 'name="status"' in client.get("/admin/organisations/organisation/add/").content.decode()
