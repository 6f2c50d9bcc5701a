"""Who gets what, on every route of every app, for six roles (the permissions are declared in
each app's rules.py). The routes come from the URL resolver, so a new route without an
expectation here fails the test.

Statuses: 200 … 405 as answered; LOGIN is a redirect to the sign-in page, ADMIN_LOGIN to the
admin's; ELSEWHERE any other redirect (the page sends the person on, e.g. a permalink to its
page). A denial (LOGIN, ADMIN_LOGIN, 403, 404) answered with 200 or ELSEWHERE counts as an
unexpected success.
"""

import datetime
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from agreements.models import AgreementVersion, Meeting
from dialogues.models import SourceDocument
from organisations.models import Invitation, Membership, Organisation

from .agreements.factories import (
    AgendaItemFactory,
    AgreementFactory,
    MeetingFactory,
    SectionFactory,
    VersionFactory,
)
from .dialogues.factories import EventFactory, NoteFactory, StatementFactory, TopicFactory
from .organisations.factories import (
    CoordinatorFactory,
    MembershipFactory,
    OrganisationFactory,
    RepresentativeFactory,
    UserFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "signed_in", "representative_a", "representative_b", "chair", "coordinator"]
LOGIN, ADMIN_LOGIN, ELSEWHERE = "login", "admin-login", "elsewhere"
DENIALS = {LOGIN, ADMIN_LOGIN, 403, 404}


def everyone(status):
    return [status] * len(ROLES)


def signed_in(status, anonymous=LOGIN):
    return [anonymous, *[status] * (len(ROLES) - 1)]


PUBLIC = everyone(200)
# The admin: coordinators only; the admin's own views answer them (200, or a redirect within
# the admin for an object that does not exist).
ADMIN = [*[ADMIN_LOGIN] * (len(ROLES) - 1), "admin"]

# route name -> [(URL arguments, expected status per role in ROLES order), …]
EXPECTED = {
    "healthz": [({}, PUBLIC)],
    "home": [({}, PUBLIC)],
    "accessibility": [({}, PUBLIC)],
    "privacy": [({}, PUBLIC)],
    # organisations
    "organisations:directory": [({}, PUBLIC)],
    "organisations:register": [({}, signed_in(200))],
    "organisations:accept_invitation": [({"token": "{token}"}, signed_in(200))],
    "organisations:detail": [
        ({"slug": "klaralven"}, PUBLIC),
        ({"slug": "vantande"}, [404, 404, 200, 404, 404, 200]),
    ],
    "organisations:edit": [
        ({"slug": "klaralven"}, [LOGIN, 403, 200, 403, 403, 200]),
        ({"slug": "vantande"}, [LOGIN, 404, 200, 404, 404, 200]),
    ],
    "organisations:representatives": [({"slug": "klaralven"}, [LOGIN, 403, 200, 403, 403, 200])],
    "organisations:leave": [({"slug": "klaralven"}, [LOGIN, 403, 200, 403, 403, 403])],
    "organisations:groups": [({}, PUBLIC)],
    "organisations:group_detail": [({"slug": "gruppen"}, PUBLIC)],
    "organisations:group_join": [({"slug": "gruppen"}, signed_in(405))],
    "organisations:group_requests": [({"slug": "gruppen"}, [LOGIN, 403, 403, 403, 200, 200])],
    "organisations:group_leave": [
        ({"slug": "gruppen", "pk": "{membership}"}, signed_in(405)),
    ],
    "organisations:my_data": [({}, signed_in(200))],
    "organisations:my_data_export": [({}, signed_in(200))],
    "organisations:consent": [({"pk": "{representation}"}, signed_in(405))],
    "organisations:delete_account": [({}, signed_in(200))],
    # dialogues
    "dialogues:events": [({}, PUBLIC)],
    "dialogues:note": [
        ({"pk": "{note}"}, everyone(ELSEWHERE)),
        ({"pk": "{draft_note}"}, [*[404] * 5, ELSEWHERE]),
    ],
    "dialogues:event": [
        ({"slug": "dagen"}, PUBLIC),
        ({"slug": "utkastet"}, [*[404] * 5, 200]),
    ],
    "dialogues:topic": [
        ({"slug": "dagen", "pk": "{topic}"}, PUBLIC),
        ({"slug": "utkastet", "pk": "{draft_topic}"}, [*[404] * 5, 200]),
    ],
    "dialogues:source": [({"slug": "dagen", "pk": "{source}"}, PUBLIC)],
    "dialogues:barometer_answer": [({"code": "{code}"}, PUBLIC)],
    "dialogues:barometer_projector": [({"code": "{code}"}, PUBLIC)],
    "dialogues:barometer_results": [({"code": "{code}"}, PUBLIC)],
    "dialogues:barometer_open": [({"code": "{code}"}, [ADMIN_LOGIN, 403, 403, 403, 403, 405])],
    "dialogues:barometer_close": [({"code": "{code}"}, [ADMIN_LOGIN, 403, 403, 403, 403, 405])],
    # agreements
    "agreements:agreement": [({}, PUBLIC)],
    "agreements:principles": [({}, PUBLIC)],
    "agreements:versions": [({}, PUBLIC)],
    "agreements:signatories": [({}, PUBLIC)],
    # representatives of an approved organisation comment; the coordinator represents none
    "agreements:consultation": [({}, [LOGIN, 403, 200, 200, 200, 403])],
    "agreements:meeting_list": [({}, PUBLIC)],
    "agreements:calendar": [({}, PUBLIC)],
    "agreements:group_calendar": [({"slug": "gruppen"}, PUBLIC)],
    "agreements:minutes_feed": [({}, PUBLIC)],
    "agreements:meeting_detail": [({"slug": "publicerat"}, PUBLIC), ({"slug": "utkast"}, PUBLIC)],
    "agreements:meeting_print": [
        ({"slug": "publicerat"}, PUBLIC),
        ({"slug": "utkast"}, [*[404] * 5, 200]),
    ],
    # sign-in pages (django-allauth): for the anonymous; the signed-in are sent on
    "account_login": [({}, [200, *[ELSEWHERE] * 5])],
    "account_signup": [({}, [200, *[ELSEWHERE] * 5])],
    "account_logout": [({}, [ELSEWHERE, *[200] * 5])],
    "account_inactive": [({}, PUBLIC)],
    "account_reauthenticate": [({}, signed_in(200))],
    "account_email": [({}, signed_in(200))],
    "account_email_verification_sent": [({}, PUBLIC)],
    "account_change_password": [({}, signed_in(200))],
    "account_set_password": [({}, signed_in(ELSEWHERE))],  # they all have a password
    "account_reset_password": [({}, PUBLIC)],
    "account_reset_password_done": [({}, PUBLIC)],
    "account_reset_password_from_key_done": [({}, PUBLIC)],
    "account_reset_password_from_key": [({"uidb36": "1", "key": "fel"}, PUBLIC)],
    "account_confirm_email": [({"key": "fel"}, PUBLIC)],
    "account_confirm_login_code": [({}, [LOGIN, *[ELSEWHERE] * 5])],
    # discovery, search and themes
    "robots": [({}, PUBLIC)],
    "sitemap": [({}, PUBLIC)],
    "dialogues:feed": [({}, PUBLIC)],
    "search:search": [({}, PUBLIC)],
    "search:themes": [({}, PUBLIC)],
    "search:theme": [({"slug": "folkhalsa"}, PUBLIC), ({"slug": "finns-inte"}, everyone(404))],
    # open data: public rows only, for everybody alike (drafts are not open data)
    "api:overview": [({}, PUBLIC)],
    "api:schema": [({}, PUBLIC)],
    "api:organizations": [({}, PUBLIC)],
    "api:organizations_csv": [({}, PUBLIC)],
    "api:organization": [({"slug": "klaralven"}, PUBLIC), ({"slug": "vantande"}, everyone(404))],
    "api:groups": [({}, PUBLIC)],
    "api:group": [({"slug": "gruppen"}, PUBLIC)],
    "api:memberships": [({}, PUBLIC)],
    "api:events": [({}, PUBLIC)],
    "api:event": [({"slug": "publicerat"}, PUBLIC), ({"slug": "utkast"}, everyone(404))],
    "api:dialogue_events": [({}, PUBLIC)],
    "api:dialogue_event": [({"slug": "dagen"}, PUBLIC), ({"slug": "utkastet"}, everyone(404))],
    "api:versions": [({}, PUBLIC)],
    "api:principles": [({}, PUBLIC)],
    "api:signatures": [({}, PUBLIC)],
    "api:signatures_csv": [({}, PUBLIC)],
    # mail: signed links work without signing in; a tampered one is 404 to everybody
    "unsubscribe": [({"token": "fel"}, everyone(404))],
    "mail_preferences": [({}, signed_in(200))],
    "invitations:answer": [({"token": "fel"}, everyone(404))],
    "invitations:adjust": [({"token": "fel"}, everyone(404))],
    "invitations:my_meetings": [({}, signed_in(200))],
    # a group's chair (and a coordinator) invites to the group's meetings
    "invitations:invite": [({"slug": "publicerat"}, [LOGIN, 403, 403, 403, 200, 200])],
}

# The admin's own answers to a coordinator where a page is not simply shown (200, or a
# redirect within the admin).
ADMIN_EXCEPTIONS = {
    # the admin signs in through allauth's sign-in (its rate limits); others are refused
    "admin:login": [LOGIN, 403, 403, 403, 403, "admin"],
    "admin:logout": [*[ELSEWHERE] * 5, 405],
    "admin:autocomplete": [ADMIN_LOGIN, *[ADMIN_LOGIN] * 4, 403],  # needs its parameters
    "admin:view_on_site": [ADMIN_LOGIN, *[ADMIN_LOGIN] * 4, 404],  # of nothing
    # records made elsewhere, not added by hand
    **{
        f"admin:{name}_add": [*[ADMIN_LOGIN] * 5, 403]
        for name in (
            "okportal_outgoingmail", "organisations_pendingorganisation",
            "organisations_joinrequest", "dialogues_sourcedocument",
            "agreements_consultationcomment", "agreements_agendaitem",
            "invitations_invitation",
        )
    },
    # decisions are made with POST
    **{
        f"admin:organisations_{name}": [*[ADMIN_LOGIN] * 5, 405]
        for name in (
            "organisation_approve", "pendingorganisation_approve", "membership_accept",
            "joinrequest_accept",
        )
    },
    "admin:agreements_meeting_preview": [*[ADMIN_LOGIN] * 5, 404],  # POST only
    "admin:dialogues_dialogue_history": [*[ADMIN_LOGIN] * 5, 404],  # no dialogue here
    "admin:invitations_invitation_history": [*[ADMIN_LOGIN] * 5, 404],  # no invitation here
    "admin:invitations_invitation_invite": [*[ADMIN_LOGIN] * 5, 404],  # of no meeting
    "admin:agreements_meeting_import_preview": [*[ADMIN_LOGIN] * 5, 404],  # no such upload
}  # fmt: skip

# POST where GET is not what the route is for.
EXPECTED_POST = {
    "organisations:group_leave": [LOGIN, 403, ELSEWHERE, 403, 403, 403],
    "organisations:consent": [LOGIN, 404, ELSEWHERE, 404, 404, 404],  # one's own only
    "dialogues:barometer_open": [ADMIN_LOGIN, 403, 403, 403, 403, ELSEWHERE],
}


def routes():
    """(name, pattern, path) of every route, namespaces joined, as the URL resolver has them."""

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                joined = f"{namespace}:{inner}" if namespace and inner else namespace or inner
                yield from walk(pattern.url_patterns, joined, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, pattern, prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns, "", "/"))


def _admin_path(path: str) -> str:
    """A concrete address for an admin route: the id of an object of the route's model that
    exists, the first app of a choice."""
    parts = path.split("/")
    pk = "0"
    if len(parts) > 4 and parts[2] and parts[3]:
        try:
            model = apps.get_model(parts[2], parts[3])
        except (LookupError, ValueError):
            model = None
        first = model._default_manager.order_by("pk").first() if model else None
        pk = str(first.pk) if first else "0"
    path = re.sub(r"\(\?P<\w+>([^|)]*)[^)]*\)", lambda m: m.group(1).replace(".*", ""), path)
    path = re.sub(r"<(?:\w+:)?\w+>", pk, path)
    return path.replace("^", "").replace("$", "")


@pytest.fixture
def world(db):
    klaralven = OrganisationFactory(name="Klarälven", slug="klaralven")
    fryksdalen = OrganisationFactory(name="Fryksdalen", slug="fryksdalen")
    chairing = OrganisationFactory(name="Ordförandeföreningen", slug="ordforande")
    pending = OrganisationFactory(
        name="Väntande", slug="vantande", status=Organisation.Status.PENDING
    )
    users = {
        "anonymous": None,
        "signed_in": UserFactory(),
        "representative_a": UserFactory(),
        "representative_b": UserFactory(),
        "chair": UserFactory(),
        "coordinator": CoordinatorFactory(),
    }
    representation = RepresentativeFactory(organisation=klaralven, user=users["representative_a"])
    RepresentativeFactory(organisation=pending, user=users["representative_a"])
    RepresentativeFactory(organisation=fryksdalen, user=users["representative_b"])
    RepresentativeFactory(organisation=chairing, user=users["chair"])
    group = WorkingGroupFactory(slug="gruppen")
    membership = MembershipFactory(group=group, organisation=klaralven)
    MembershipFactory(group=group, organisation=chairing, role=Membership.Role.CHAIR)
    invitation = Invitation.objects.create(organisation=klaralven, email="ny@example.org")

    event = EventFactory(slug="dagen")
    draft = EventFactory(slug="utkastet", is_published=False)
    topic = TopicFactory(event=event)
    draft_topic = TopicFactory(event=draft)
    source = SourceDocument.objects.create(
        event=event, filename="dagen.txt", text="Anteckningar", content_hash="0" * 64
    )
    statement = StatementFactory(event=event)

    agreement = AgreementFactory()
    VersionFactory(
        agreement=agreement,
        number=1,
        status=AgreementVersion.Status.ADOPTED,
        adopted_on=datetime.date(2024, 1, 1),
    )
    out = VersionFactory(agreement=agreement, number=2, status=AgreementVersion.Status.CONSULTATION)
    SectionFactory(version=out)
    past = timezone.now() - datetime.timedelta(days=30)
    published = MeetingFactory(
        group=group, slug="publicerat", starts_at=past, ends_at=past + datetime.timedelta(hours=2),
        status=Meeting.Status.PUBLISHED, published_at=past,
    )  # fmt: skip
    AgendaItemFactory(meeting=published)
    earlier = past - datetime.timedelta(days=7)
    MeetingFactory(
        group=group, slug="utkast", starts_at=earlier,
        ends_at=earlier + datetime.timedelta(hours=2), status=Meeting.Status.DRAFT,
    )  # fmt: skip
    return {
        "users": users,
        "format": {
            "token": invitation.token,
            "membership": membership.pk,
            "representation": representation.pk,
            "note": NoteFactory(topic=topic).pk,
            "draft_note": NoteFactory(topic=draft_topic).pk,
            "topic": topic.pk,
            "draft_topic": draft_topic.pk,
            "source": source.pk,
            "code": statement.code,
        },
    }


def _outcome(response, role):
    if response.status_code in (301, 302):
        location = response["Location"]
        if "/admin/login/" in location:
            return ADMIN_LOGIN
        if "/accounts/login/" in location:
            return LOGIN
        return "admin" if role == "coordinator" and "/admin/" in location else ELSEWHERE
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_declared(client, world, role, capsys):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    index = ROLES.index(role)
    missing, wrong, unexpected_successes, checked = [], [], 0, 0
    for name, _pattern, path in routes():
        if name.startswith("admin:"):
            cases = [(_admin_path(path), ADMIN_EXCEPTIONS.get(name, ADMIN)[index])]
        elif name in EXPECTED:
            cases = [
                (_reverse(name, {k: v.format(**world["format"]) for k, v in kwargs.items()}),
                 statuses[index])
                for kwargs, statuses in EXPECTED[name]
            ]  # fmt: skip
        else:
            missing.append(name)
            continue
        for url, expected in cases:
            got = _get(client, url, role)
            checked += 1
            if got != expected and not (expected == "admin" and got in (200, "admin")):
                wrong.append(f"GET {url}: expected {expected}, got {got}")
                if expected in DENIALS and got in (200, ELSEWHERE):
                    unexpected_successes += 1
        if name in EXPECTED_POST:
            url = cases[0][0]
            expected = EXPECTED_POST[name][index]
            got = _outcome(client.post(url), role)
            checked += 1
            if got != expected:
                wrong.append(f"POST {url}: expected {expected}, got {got}")
                if expected in DENIALS and got in (200, ELSEWHERE):
                    unexpected_successes += 1
    with capsys.disabled():
        print(f"\n{role}: {checked} requests, {unexpected_successes} unexpected successes")
    assert not missing and not wrong, "\n".join([f"no expectation: {missing}", *wrong])
    assert unexpected_successes == 0


def _get(client, url, role):
    try:
        return _outcome(client.get(url), role)
    except Exception as error:  # a 500: reported with the others, not the first alone
        return f"error {type(error).__name__}: {error}"


def _reverse(name, kwargs):
    from django.urls import reverse

    return reverse(name, kwargs=kwargs or None)
