import datetime

import pytest

from tests.dialogues.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "all_years"), [("/dialoger/", "Alla år"), ("/en/dialoger/", "All years")]
)
def test_the_year_filter_offers_every_year_once_and_all_years_once(client, path, all_years):
    EventFactory(date=datetime.date(2015, 10, 23))
    EventFactory(date=datetime.date(2021, 4, 29))
    EventFactory(date=datetime.date(2021, 9, 2))
    html = client.get(path).content.decode()
    select = html.split('name="year"', 1)[1].split("</select>", 1)[0]
    assert select.count(f">{all_years}</option>") == 1
    assert select.count(">2021</option>") == 1
    assert select.count("<option") == 3
