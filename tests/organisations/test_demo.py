import io

import pytest

from organisations import demo
from organisations.models import Membership, Organisation, WorkingGroup

pytestmark = pytest.mark.django_db


def test_demo_content_loads_twice_without_doubles(client):
    demo.load(io.StringIO())
    counts = (
        Organisation.objects.count(),
        WorkingGroup.objects.count(),
        Membership.objects.count(),
    )
    demo.load(io.StringIO())
    assert counts == (
        Organisation.objects.count(),
        WorkingGroup.objects.count(),
        Membership.objects.count(),
    )
    assert counts[0] >= 15
    names = set(Organisation.objects.values_list("name", flat=True))
    assert {"Region Värmland", "HSO Värmland", "Nätverket VI", "Karlstads universitet"} <= names
    html = client.get("/arbetsgrupper/radet-for-ideburna-organisationer/").content.decode()
    assert "Region Värmland" in html
    assert "Ordförande" in html
    assert not Organisation.objects.exclude(email__endswith=".example.org").exists()
