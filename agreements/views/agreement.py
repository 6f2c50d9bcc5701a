"""The agreement's public pages: text, principles, versions compared, signatories."""

from django import forms
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from okportal.forms import PortalForm
from okportal.page_cache import CachedPage, Fields

from ..comparison import compare_sections
from ..models import (
    AgendaItem,
    AgreementVersion,
    ConsultationComment,
    Meeting,
    Principle,
    Section,
    Signature,
    current_agreement,
)


def _agreement_or_404():
    agreement = current_agreement()
    if agreement is None:
        raise Http404("no agreement yet")
    return agreement


agreement_page = CachedPage(
    "agreements:agreement",
    reads=(),
    shows=[
        "agreements.Agreement", "agreements.AgreementVersion", "agreements.Section",
        "agreements.Principle", "agreements.Phase", "agreements.ConsultationComment",
        # the minutes items the sections cite, and their meetings
        Fields("agreements.AgendaItem", "number", "title", "meeting"),
        Fields("agreements.Meeting", "slug", "title", "starts_at", "status"),
        Fields("organisations.Organisation", "name"),  # of those that commented
        "dialogues.DialogueEvent", "dialogues.Topic", "dialogues.Note", "dialogues.Dialogue",
    ],
)  # fmt: skip


@agreement_page
def agreement_text(request):
    # queries: agreement, versions, sections, their principles, public comments, minutes items,
    # cited dialogue topics, cited dialogue notes, phases, and the sections of a newer version
    # out for consultation when the adopted one is shown
    from dialogues.models import Note, Topic

    agreement = _agreement_or_404()
    versions = list(agreement.versions.public().order_by("-number"))
    version = AgreementVersion.pick_current(versions)
    # Beside the adopted text: a newer version out for consultation, clearly marked.
    consultation = None
    if version is not None and version.is_adopted:
        consultation = AgreementVersion.pick_consultation(
            [v for v in versions if v.number > version.number]
        )
    sections = []
    if version is not None:
        sections = list(
            version.sections.prefetch_related(
                Prefetch(
                    "principles",
                    queryset=Principle.objects.order_by("scope", "order").only("slug", "name"),
                    to_attr="principle_list",
                ),
                Prefetch(
                    "comments",
                    queryset=ConsultationComment.objects.public().select_related("organisation"),
                    to_attr="comment_list",
                ),
                Prefetch(
                    "minutes_items",
                    queryset=AgendaItem.objects.filter(meeting__status=Meeting.Status.PUBLISHED)
                    .select_related("meeting")
                    .only(
                        "number",
                        "title",
                        "meeting",
                        "meeting__slug",
                        "meeting__title",
                        "meeting__starts_at",
                    ),
                    to_attr="minutes_item_list",
                ),
                Prefetch(
                    "dialogue_topics",
                    queryset=Topic.objects.public()
                    .select_related("event")
                    .order_by("event__date", "position", "pk"),
                    to_attr="topic_list",
                ),
                Prefetch(
                    "dialogue_notes",
                    queryset=Note.objects.public()
                    .select_related("topic__event", "dialogue__event")
                    .order_by("topic__position", "group", "position", "pk"),
                    to_attr="note_list",
                ),
            ).order_by("order", "pk")
        )
    return render(
        request,
        "agreements/agreement.html",
        {
            "agreement": agreement,
            "version": version,
            "sections": sections,
            "phases": list(agreement.phases.all()),
            "versions": versions,
            "open_for_comments": version is not None and version.is_open_for_comments,
            "consultation": consultation,
            "consultation_sections": (
                list(consultation.sections.order_by("order", "pk")) if consultation else []
            ),
        },
    )


principles_page = CachedPage(
    "agreements:principles",
    reads=(),
    shows=["agreements.Agreement", "agreements.AgreementVersion", "agreements.Section",
           "agreements.Principle"],
)  # fmt: skip


@principles_page
def principles(request):
    # queries: agreement, current version, principles, their sections in the current version
    agreement = _agreement_or_404()
    version = AgreementVersion.pick_current(list(agreement.versions.public()))
    section_qs = Section.objects.filter(version=version).order_by("order")
    items = list(
        agreement.principles.order_by("scope", "order", "name").prefetch_related(
            Prefetch("sections", queryset=section_qs)
        )
    )
    return render(
        request,
        "agreements/principles.html",
        {
            "agreement": agreement,
            "version": version,
            "national": [p for p in items if p.scope == Principle.Scope.NATIONAL],
            "regional": [p for p in items if p.scope == Principle.Scope.REGIONAL],
        },
    )


class CompareForm(PortalForm, forms.Form):
    old = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    new = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.number, f"{v} ({v.get_status_display().lower()})") for v in versions]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("old") is not None and data.get("old") == data.get("new"):
            self.add_error("new", _("Choose two different versions."))
        return data


versions_page = CachedPage(
    "agreements:versions",
    reads=("old", "new"),
    shows=["agreements.Agreement", "agreements.AgreementVersion", "agreements.Section"],
)


@versions_page
def versions(request):
    # queries: agreement, versions, sections of the two compared versions
    agreement = _agreement_or_404()
    all_versions = list(agreement.versions.visible_to(request.user).order_by("-number"))
    by_number = {v.number: v for v in all_versions}
    initial = {}
    if len(all_versions) >= 2:
        initial = {"old": all_versions[1].number, "new": all_versions[0].number}
    data = request.GET if {"old", "new"} <= request.GET.keys() else None
    form = CompareForm(data or None, versions=all_versions, initial=initial)
    rows, old, new = [], None, None
    if data is not None and form.is_valid():
        old, new = by_number[form.cleaned_data["old"]], by_number[form.cleaned_data["new"]]
    elif data is None and initial:
        old, new = by_number[initial["old"]], by_number[initial["new"]]
    if old is not None and new is not None:
        sections = list(Section.objects.filter(version__in=[old, new]).order_by("order"))
        rows = compare_sections(
            [s for s in sections if s.version_id == old.pk],
            [s for s in sections if s.version_id == new.pk],
        )
    return render(
        request,
        "agreements/versions.html",
        {
            "agreement": agreement,
            "versions": all_versions,
            "form": form,
            "old": old,
            "new": new,
            "rows": rows,
            "changed_count": sum(1 for r in rows if r.state != "same"),
        },
    )


signatories_page = CachedPage(
    "agreements:signatories",
    reads=(),
    shows=["agreements.Agreement", "agreements.AgreementVersion", "agreements.Signature",
           Fields("organisations.Organisation", "name", "slug", "sector")],
)  # fmt: skip


@signatories_page
def signatories(request):
    # queries: agreement, signatures with organisation and version, counts by sector.
    # Swedish order (å, ä, ö last) through the organisations' generated sort_name column.
    from organisations.models import Organisation, Sector

    agreement = _agreement_or_404()
    signatures = list(
        Signature.objects.filter(
            version__agreement=agreement, organisation__status=Organisation.Status.APPROVED
        )
        .select_related("organisation", "version")
        .order_by("organisation__sort_name", "organisation__pk", "-version__number")
    )
    counts = dict(
        Organisation.objects.filter(
            status=Organisation.Status.APPROVED,
            agreement_signatures__version__agreement=agreement,
        )
        .values_list("sector")
        .annotate(n=Count("pk", distinct=True))
        .values_list("sector", "n")
    )
    by_sector = [(label, counts.get(value, 0)) for value, label in Sector.choices]
    return render(
        request,
        "agreements/signatories.html",
        {
            "agreement": agreement,
            "signatures": signatures,
            "by_sector": by_sector,
            "organisation_count": sum(counts.values()),
        },
    )
