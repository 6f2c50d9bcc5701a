import datetime

import pytest
from django.utils import timezone

from agreements.models import AgreementVersion, ConsultationComment
from organisations.models import Representative

from .factories import (
    AgreementFactory,
    CoordinatorFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
    VersionFactory,
)

pytestmark = pytest.mark.django_db
URL = "/overenskommelsen/remiss/"


@pytest.fixture
def section():
    closes = timezone.localdate() + datetime.timedelta(days=14)
    version = VersionFactory(
        agreement=AgreementFactory(), status=AgreementVersion.Status.CONSULTATION,
        consultation_closes_on=closes,
    )  # fmt: skip
    return SectionFactory(version=version, heading="Syfte", slug="syfte")


@pytest.fixture
def representative(client):
    user = UserFactory()
    organisation = OrganisationFactory(name="Föreningen Solsidan")
    Representative.objects.create(organisation=organisation, user=user)
    client.force_login(user)
    return user


def post(client, section, organisation, text="Lägg till barn och unga."):
    return client.post(URL, {"section": section.pk, "organisation": organisation.pk, "text": text})


def test_a_representative_comments_on_behalf_of_the_organisation(client, section, representative):
    organisation = representative.representations.get().organisation
    response = post(client, section, organisation)
    assert response.status_code == 302 and response.url.endswith("#syfte")
    comment = ConsultationComment.objects.get()
    assert (comment.organisation, comment.author) == (organisation, representative)
    html = client.get(URL).content.decode()
    assert "Lägg till barn och unga." in html


def test_the_same_comment_twice_is_refused_with_a_message(client, section, representative):
    organisation = representative.representations.get().organisation
    post(client, section, organisation)
    response = post(client, section, organisation)
    assert response.status_code == 200
    assert "Organisationen har redan lämnat den här kommentaren." in response.content.decode()
    assert ConsultationComment.objects.count() == 1


def test_an_empty_comment_gets_a_message_next_to_the_field(client, section, representative):
    organisation = representative.representations.get().organisation
    response = post(client, section, organisation, text="  ")
    assert response.status_code == 200
    html = response.content.decode()
    # the summary at the top links to the field; the message is also beside the field
    start = html.index('class="error-summary')
    summary = html[start : html.index("</div>", start)]
    assert '<a href="#id_syfte_text">Kommentar: Detta fält måste fyllas i.</a>' in summary
    assert 'id="id_syfte_text_error"' in html
    assert 'aria-describedby="id_syfte_text_error"' in html


def test_only_representatives_may_comment(client, section):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403


def test_nobody_may_comment_on_behalf_of_another_organisation(client, section, representative):
    response = post(client, section, OrganisationFactory())
    assert response.status_code == 200
    assert not ConsultationComment.objects.exists()


def test_no_consultation_open_is_404(client, representative):
    VersionFactory(agreement=AgreementFactory())
    assert client.get(URL).status_code == 404


def test_comments_and_answers_become_public_when_the_consultation_closes(
    client, section, representative
):
    organisation = representative.representations.get().organisation
    post(client, section, organisation, text="Tydligare om IOP.")
    comment = ConsultationComment.objects.get()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    response = client.post(
        f"/admin/agreements/consultationcomment/{comment.pk}/change/",
        {"answer": "Vi lägger till ett avsnitt.", "is_handled": "on"},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_handled and comment.answered_by == coordinator
    client.logout()
    assert "Tydligare om IOP." not in client.get("/overenskommelsen/").content.decode()
    version = section.version
    version.consultation_closes_on = timezone.localdate() - datetime.timedelta(days=1)
    version.save()
    html = client.get("/overenskommelsen/").content.decode()
    assert "Tydligare om IOP." in html and "Vi lägger till ett avsnitt." in html
