import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import ListView

from okportal.page_cache import CachedPage, Fields, cached_fragment

from .. import groups
from ..forms import DecisionForm, JoinForm
from ..models import Membership, Organisation, Representative, WorkingGroup


class GroupListView(ListView):
    """Active groups with their number of member organisations: one query."""

    template_name = "organisations/group_list.html"
    context_object_name = "groups"

    def get_queryset(self):
        return (
            WorkingGroup.objects.active()
            .alphabetical()
            .annotate(
                member_count=Count(
                    "memberships", filter=Q(memberships__status=Membership.Status.ACTIVE)
                )
            )
        )


def _taking_part(user, group) -> tuple[list, list]:
    """The current memberships of the group of the organisations the person represents, and
    their representations of approved organisations not yet in (or asking to join) it. A
    person who represents no organisation costs one query."""
    if not user.is_authenticated:
        return [], []
    representations = list(
        Representative.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__sort_name")
    )
    if not representations:
        return [], []
    memberships = list(
        group.memberships.current()
        .filter(organisation__in=[r.organisation_id for r in representations])
        .select_related("organisation")
    )
    members = {m.organisation_id for m in memberships}
    approved = Organisation.Status.APPROVED
    joinable = [
        r for r in representations
        if r.organisation.status == approved and r.organisation_id not in members
    ]  # fmt: skip
    return memberships, joinable


def _group(slug):
    return get_object_or_404(WorkingGroup.objects.active(), slug=slug)


def group_public_part(request, group) -> str:
    """Purpose, members and coming meetings, the same for everybody: two queries, cached."""
    members = (
        group.memberships.active()
        .filter(organisation__status=Organisation.Status.APPROVED)
        .select_related("organisation", "representative__user")
        .by_role()
    )
    meetings = group.meetings.upcoming()[:5] if hasattr(group, "meetings") else []
    return render_to_string(
        "organisations/includes/group_public.html",
        {"group": group, "members": members, "meetings": meetings},
        request=request,
    )


group_page = CachedPage(
    "organisations:group",
    reads=(),
    shows=[
        "organisations.WorkingGroup", "organisations.Membership",
        Fields("organisations.Organisation", "name", "slug"), "organisations.Representative",
        "agreements.Meeting",
        Fields("okportal.User", "name", "first_name", "last_name"),  # representatives' names
    ],
    shared_with_signed_in=False,  # the join and leave buttons are the visitor's own
)  # fmt: skip


@group_page
def group_detail(request, slug, join_form=None):
    group = _group(slug)
    public_part = cached_fragment(
        group_page, "group", request, lambda: group_public_part(request, group)
    )
    user = request.user
    context = {"group": group, "public_part": mark_safe(public_part)}
    if user.is_authenticated:
        context["own_memberships"], representations = _taking_part(user, group)
        context["join_form"] = join_form or (
            JoinForm(representatives=representations) if representations else None
        )
        context["can_decide"] = rules.has_perm("groups.decide_requests", user, group)
        if context["can_decide"]:
            context["request_count"] = group.memberships.requested().count()
    return render(
        request,
        "organisations/group_detail.html",
        context,
        status=400 if join_form is not None else 200,
    )


@login_required
@require_POST
def join(request, slug):
    group = _group(slug)
    representations = _taking_part(request.user, group)[1]
    if not representations:
        raise PermissionDenied
    form = JoinForm(request.POST, representatives=representations)
    if not form.is_valid():
        return group_detail(request, slug, join_form=form)
    try:
        membership = groups.request_to_join(
            group, form.cleaned_data["representative"], form.cleaned_data["motivation"]
        )
    except groups.MembershipError as error:
        form.add_error(None, error.message)
        return group_detail(request, slug, join_form=form)
    if membership.status == Membership.Status.ACTIVE:
        messages.success(
            request,
            _("%(organisation)s is now a member of %(group)s.")
            % {"organisation": membership.organisation, "group": group},
        )
    else:
        messages.success(
            request,
            _("Your request is sent. You will hear by e-mail when it has been decided."),
        )
    return redirect(group)


@login_required
@require_POST
def leave(request, slug, pk):
    group = _group(slug)
    membership = get_object_or_404(
        Membership.objects.current().select_related("organisation"), pk=pk, group=group
    )
    if not rules.has_perm("organisations.leave", request.user, membership.organisation):
        raise PermissionDenied
    try:
        groups.leave_group(membership)
    except groups.MembershipError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(organisation)s has left %(group)s.")
            % {"organisation": membership.organisation, "group": group},
        )
    return redirect(group)


def _decision_id(membership_pk) -> str:
    """Each waiting request's form has ids of its own."""
    return f"id_%s_{membership_pk}"


@login_required
@require_http_methods(["GET", "POST"])
def requests(request, slug):
    """The chair (or a coordinator) decides on the group's waiting requests."""
    group = _group(slug)
    if not rules.has_perm("groups.decide_requests", request.user, group):
        raise PermissionDenied
    bound = None
    if request.method == "POST":
        form = bound = DecisionForm(
            request.POST, auto_id=_decision_id(request.POST.get("membership"))
        )
        if form.is_valid():
            membership = get_object_or_404(
                group.memberships.requested(), pk=form.cleaned_data["membership"]
            )
            groups.decide_requests(
                [membership.pk],
                form.cleaned_data["decision"],
                request.user,
                form.cleaned_data["reason"],
            )
            messages.success(request, _("The decision is saved and the organisation is told."))
            return redirect("organisations:group_requests", slug=group.slug)
    waiting = group.memberships.requested().select_related("organisation", "representative__user")
    rows = []
    for membership in waiting:
        if bound is not None and bound.data.get("membership") == str(membership.pk):
            form = bound
        else:
            form = DecisionForm(
                initial={"membership": membership.pk}, auto_id=_decision_id(membership.pk)
            )
        rows.append((membership, form))
    return render(request, "organisations/group_requests.html", {"group": group, "rows": rows})
