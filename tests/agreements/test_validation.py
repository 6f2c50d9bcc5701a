import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agreements.models import Meeting

from .factories import MeetingFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def _at(days, hour=9):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _new(**kwargs):
    return Meeting(title="Möte", **kwargs)


def test_a_new_planned_meeting_in_the_past_is_refused():
    meeting = _new(group=WorkingGroupFactory(), starts_at=_at(-2), ends_at=_at(-2, 11))
    with pytest.raises(ValidationError) as caught:
        meeting.full_clean()
    assert "starts_at" in caught.value.message_dict


def test_a_held_meeting_keeps_its_past_date():
    meeting = _new(
        group=WorkingGroupFactory(), starts_at=_at(-2), ends_at=_at(-2, 11),
        status=Meeting.Status.HELD,
    )  # fmt: skip
    meeting.full_clean()


def test_a_meeting_that_ends_before_it_starts_is_refused():
    meeting = _new(group=WorkingGroupFactory(), starts_at=_at(3, 11), ends_at=_at(3, 9))
    with pytest.raises(ValidationError) as caught:
        meeting.full_clean()
    assert "Mötet måste sluta efter att det börjar." in caught.value.message_dict["ends_at"]


def test_overlapping_meetings_of_one_group_are_refused_but_not_of_two_groups():
    existing = MeetingFactory(starts_at=_at(5, 9), ends_at=_at(5, 11))
    overlapping = _new(group=existing.group, starts_at=_at(5, 10), ends_at=_at(5, 12))
    with pytest.raises(ValidationError, match="Gruppen har redan ett möte vid den här tiden."):
        overlapping.full_clean()
    _new(group=WorkingGroupFactory(), starts_at=_at(5, 10), ends_at=_at(5, 12)).full_clean()
    _new(group=existing.group, starts_at=_at(5, 11), ends_at=_at(5, 12)).full_clean()


def test_a_cancelled_meeting_does_not_block_its_time():
    existing = MeetingFactory(
        starts_at=_at(5, 9), ends_at=_at(5, 11), status=Meeting.Status.CANCELLED
    )
    _new(group=existing.group, starts_at=_at(5, 9), ends_at=_at(5, 11)).full_clean()


def test_the_database_refuses_an_overlap_that_slips_past_validation():
    from django.db import IntegrityError, transaction

    existing = MeetingFactory(starts_at=_at(5, 9), ends_at=_at(5, 11))
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(group=existing.group, starts_at=_at(5, 9), ends_at=_at(5, 11))


def test_slug_is_date_and_group_and_unique():
    group = WorkingGroupFactory(slug="radet")
    first = MeetingFactory(group=group, starts_at=_at(5, 9), ends_at=_at(5, 10))
    second = MeetingFactory(group=group, starts_at=_at(5, 13), ends_at=_at(5, 14))
    day = _at(5).date().isoformat()
    assert (first.slug, second.slug) == (f"{day}-radet", f"{day}-radet-2")
