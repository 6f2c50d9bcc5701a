"""Who may do what with organisations and groups, declared with the `rules` package.

Each app keeps its permissions in its own `rules.py`; the predicates about people (signed in,
coordinator, representative, group chair) live here and the other apps combine them. Python asks
`rules.has_perm(name, user, obj)` (no superuser shortcut: a coordinator who represents nobody
does not leave an organisation); templates ask `{% test_rule name user obj as … %}`; class-based
views use `rules.contrib.views.PermissionRequiredMixin`. A view answers 404 where the thing is
not the person's to see, 403 where they may see it but not do this. Tested as a matrix over
every route in tests/test_role_matrix.py.
"""

import rules
from allauth.account.models import EmailAddress

from .models import Membership, Organisation


@rules.predicate
def is_signed_in(user):
    return user.is_authenticated


@rules.predicate
def has_verified_address(user):
    return user.is_authenticated and EmailAddress.objects.filter(user=user, verified=True).exists()


@rules.predicate
def is_coordinator(user):
    return user.is_authenticated and user.is_active and user.is_staff


@rules.predicate
def is_representative(user, organisation):
    """`organisation` is an Organisation; the user represents it."""
    return (
        user.is_authenticated
        and organisation is not None
        and organisation.representatives.filter(user=user).exists()
    )


@rules.predicate
def is_public_organisation(user, organisation):
    return organisation is not None and organisation.is_public


@rules.predicate
def chairs_group(user, group):
    """`group` is a WorkingGroup; the user represents the organisation that chairs it."""
    return (
        user.is_authenticated
        and group is not None
        and group.memberships.filter(
            status=Membership.Status.ACTIVE,
            role=Membership.Role.CHAIR,
            organisation__representatives__user=user,
        ).exists()
    )


@rules.predicate
def represents_any_public_organisation(user):
    return user.is_authenticated and Organisation.objects.public().represented_by(user).exists()


PERMISSIONS = {
    "organisations.register": has_verified_address,
    "organisations.view": is_public_organisation | is_representative | is_coordinator,
    "organisations.change": is_representative | is_coordinator,
    "organisations.manage_representatives": is_representative | is_coordinator,
    "organisations.leave": is_representative,
    "organisations.decide": is_coordinator,
    "groups.request_to_join": represents_any_public_organisation,
    "groups.decide_requests": chairs_group | is_coordinator,
    "personal_data.manage": is_signed_in,
    # The administration (the link to it in the header).
    "okportal.use_admin": is_coordinator,
}


def declare(permissions: dict) -> None:
    """Each permission both as a permission (`rules.has_perm`, `user.has_perm`, the view
    mixins) and as a rule for templates (`{% test_rule name user obj as … %}`, which asks no
    other authentication backend, so costs no query of Django's permission tables)."""
    for name, predicate in permissions.items():
        rules.add_perm(name, predicate)
        rules.add_rule(name, predicate)


declare(PERMISSIONS)
