"""Who may do what, declared in one place and tested as a matrix.

A rule is a predicate `(user, obj) -> bool`; predicates combine with `|` and `&`. Views ask
`allowed(rule_name, user, obj)` and answer 404 (the thing is not theirs to see) or 403.
"""

from collections.abc import Callable


class Predicate:
    def __init__(self, test: Callable, name: str):
        self.test = test
        self.name = name

    def __call__(self, user, obj=None) -> bool:
        return bool(self.test(user, obj))

    def __or__(self, other: "Predicate") -> "Predicate":
        return Predicate(lambda u, o: self(u, o) or other(u, o), f"{self.name} | {other.name}")

    def __and__(self, other: "Predicate") -> "Predicate":
        return Predicate(lambda u, o: self(u, o) and other(u, o), f"{self.name} & {other.name}")


def predicate(function: Callable) -> Predicate:
    return Predicate(function, function.__name__)


@predicate
def is_signed_in(user, obj=None):
    return user.is_authenticated


@predicate
def has_verified_address(user, obj=None):
    if not user.is_authenticated:
        return False
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


@predicate
def is_coordinator(user, obj=None):
    return user.is_authenticated and user.is_active and user.is_staff


@predicate
def is_representative(user, organisation):
    """`organisation` is an Organisation; the user represents it."""
    return (
        user.is_authenticated
        and organisation is not None
        and organisation.representatives.filter(user=user).exists()
    )


@predicate
def is_public_organisation(user, organisation):
    return organisation is not None and organisation.is_public


@predicate
def chairs_group(user, group):
    """`group` is a WorkingGroup; the user represents the organisation that chairs it."""
    from .models import Membership

    return (
        user.is_authenticated
        and group is not None
        and group.memberships.filter(
            status=Membership.Status.ACTIVE,
            role=Membership.Role.CHAIR,
            organisation__representatives__user=user,
        ).exists()
    )


@predicate
def represents_any_public_organisation(user, obj=None):
    from .models import Organisation

    return Organisation.objects.public().represented_by(user).exists()


RULES: dict[str, Predicate] = {
    "organisations.register": has_verified_address,
    "organisations.view": is_public_organisation | is_representative | is_coordinator,
    "organisations.change": is_representative | is_coordinator,
    "organisations.manage_representatives": is_representative | is_coordinator,
    "organisations.leave": is_representative,
    "organisations.decide": is_coordinator,
    "groups.request_to_join": represents_any_public_organisation,
    "groups.decide_requests": chairs_group | is_coordinator,
    "personal_data.manage": is_signed_in,
}


def allowed(rule: str, user, obj=None) -> bool:
    return RULES[rule](user, obj)
