"""The consultation page: representatives comment on the sections out for consultation."""

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okportal.forms import PortalForm

from ..consultation import ConsultationError, add_comment, organisations_of
from ..models import AgreementVersion, ConsultationComment, current_agreement


class CommentForm(PortalForm, forms.Form):
    section = forms.IntegerField(widget=forms.HiddenInput)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("On behalf of"), queryset=None, empty_label=None
    )
    text = forms.CharField(
        label=gettext_lazy("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


def _open_version():
    agreement = current_agreement()
    version = (
        agreement.versions.filter(status=AgreementVersion.Status.CONSULTATION)
        .order_by("-number")
        .first()
        if agreement
        else None
    )
    if version is None or not version.is_open_for_comments:
        raise Http404("nothing is out for consultation")
    return agreement, version


def _auto_id(section):
    """Each section's form has ids of its own (the page has one form per section)."""
    return f"id_{section.slug}_%s"


@login_required
def consultation(request):
    agreement, version = _open_version()
    if not rules.has_perm("agreements.take_part_in_consultation", request.user):
        raise PermissionDenied
    organisations = organisations_of(request.user)
    sections = list(version.sections.all())
    by_pk = {s.pk: s for s in sections}
    bound = None
    if request.method == "POST":
        posted = by_pk.get(int(pk)) if (pk := request.POST.get("section", "")).isdigit() else None
        bound = CommentForm(
            request.POST,
            organisations=organisations,
            auto_id=_auto_id(posted) if posted else "id_%s",
        )
        if bound.is_valid() and bound.cleaned_data["section"] in by_pk:
            section = by_pk[bound.cleaned_data["section"]]
            try:
                add_comment(
                    user=request.user,
                    section=section,
                    organisation=bound.cleaned_data["organisation"],
                    text=bound.cleaned_data["text"],
                )
            except ConsultationError as error:
                bound.add_error("text", str(error))
            else:
                messages.success(request, _("Thank you: your comment is sent to the coordinators."))
                return redirect(f"{request.path}#{section.slug}")
        elif bound.is_valid():
            raise Http404("no such section")
    own: dict[int, list] = {}
    for comment in ConsultationComment.objects.filter(
        section__version=version, organisation__in=organisations
    ).select_related("organisation"):
        own.setdefault(comment.section_id, []).append(comment)
    rows = []
    for section in sections:
        if bound is not None and bound.data.get("section") == str(section.pk):
            form = bound
        else:
            form = CommentForm(
                initial={"section": section.pk},
                organisations=organisations,
                auto_id=_auto_id(section),
            )
        rows.append((section, form, own.get(section.pk, [])))
    return render(
        request,
        "agreements/consultation.html",
        {"agreement": agreement, "version": version, "rows": rows},
    )
