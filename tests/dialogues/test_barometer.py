"""The live opinion barometer: open, answer once per device, rate-limited, close and store."""

import re

import pytest

from dialogues import barometer
from dialogues.models import BarometerAnswer, BarometerStatement

from .factories import StatementFactory

pytestmark = pytest.mark.django_db


def _answer(client, statement, value=1, **extra):
    return client.post(f"/b/{statement.code}/", {"value": value}, **extra)


def test_the_answer_page_is_a_plain_form_without_an_account(client):
    statement = StatementFactory(statement="Samverkan fungerar redan bra")
    response = client.get(f"/b/{statement.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Samverkan fungerar redan bra" in html
    assert 'type="radio"' in html and "Håller INTE med" in html and "Var står du?" in html
    assert barometer.DEVICE_COOKIE in response.cookies


def test_one_answer_per_device(client):
    statement = StatementFactory()
    first = _answer(client, statement, 1)
    assert first.status_code == 302
    second = _answer(client, statement, 5)
    assert second.status_code == 409
    assert "redan svarat" in second.content.decode()
    assert list(statement.answers.values_list("value", flat=True)) == [1]
    # The page says what this device answered.
    assert (
        "Ditt svar: <strong>Håller med</strong>"
        in client.get(f"/b/{statement.code}/").content.decode()
    )


def test_another_device_may_answer(client, django_app_client=None):
    from django.test import Client

    statement = StatementFactory()
    _answer(client, statement, 1)
    _answer(Client(), statement, 3)
    assert statement.answers.count() == 2


def test_a_forged_device_cookie_counts_as_no_cookie(client):
    statement = StatementFactory()
    client.cookies[barometer.DEVICE_COOKIE] = "00000000000000000000000000000000"
    response = _answer(client, statement, 2)
    assert response.status_code == 302
    device = BarometerAnswer.objects.get().device
    assert device != "0" * 32  # a fresh id was given, the forged one ignored


def test_answers_are_rate_limited_per_device(client):
    statements = StatementFactory.create_batch(barometer.DEVICE_LIMIT[0] + 1)
    responses = [_answer(client, statement).status_code for statement in statements]
    assert responses[:-1] == [302] * barometer.DEVICE_LIMIT[0]
    assert responses[-1] == 429
    assert BarometerAnswer.objects.count() == barometer.DEVICE_LIMIT[0]


def test_answers_are_rate_limited_per_address(client, monkeypatch):
    from django.test import Client

    monkeypatch.setattr(barometer, "ADDRESS_LIMIT", (3, 60))
    statement = StatementFactory()
    codes = [_answer(Client(), statement).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert "Vänta en minut" in _answer(Client(), statement).content.decode()


def test_a_missing_or_bad_value_is_explained(client):
    statement = StatementFactory()
    response = client.post(f"/b/{statement.code}/", {"value": "9"})
    assert response.status_code == 400
    assert statement.answers.count() == 0
    response = client.post(f"/b/{statement.code}/", {})
    assert "Välj en plats på skalan." in response.content.decode()


def test_a_statement_not_open_takes_no_answers(client):
    statement = StatementFactory(status=BarometerStatement.Status.READY)
    assert 'type="radio"' not in client.get(f"/b/{statement.code}/").content.decode()
    assert _answer(client, statement).status_code == 409
    assert statement.answers.count() == 0


def test_closing_stores_the_result_and_stops_answers(client):
    from django.test import Client

    statement = StatementFactory()
    for value in (1, 1, 2, 5):
        _answer(Client(), statement, value)
    assert statement.close()
    statement.refresh_from_db()
    assert statement.status == "closed" and statement.closed_at
    assert statement.result == {"1": 2, "2": 1, "3": 0, "4": 0, "5": 1}
    assert _answer(Client(), statement).status_code == 409
    assert not statement.close()  # closing twice changes nothing
    assert [p["count"] for p in statement.spread()] == [2, 1, 0, 0, 1]


def test_the_projector_shows_the_spread_with_a_text_alternative(client):
    from django.test import Client

    statement = StatementFactory()
    for value in (1, 1, 3):
        _answer(Client(), statement, value)
    html = client.get(f"/b/{statement.code}/visning/").content.decode()
    assert "<table" in html and "Så fördelade sig rummet över skalan" in html
    assert '<th scope="row">Håller med</th>' in html
    assert f"/b/{statement.code}/" in html  # the short address to type
    assert "js/dialogues-barometer.js" in html
    data = client.get(f"/b/{statement.code}/resultat.json").json()
    assert data["total"] == 3
    assert [p["count"] for p in data["points"]] == [2, 0, 1, 0, 0]


def test_only_coordinators_open_and_close(client, coordinator):
    statement = StatementFactory(status=BarometerStatement.Status.READY)
    response = client.post(f"/b/{statement.code}/oppna/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    statement.refresh_from_db()
    assert statement.status == "ready"
    client.force_login(coordinator)
    client.post(f"/b/{statement.code}/oppna/")
    statement.refresh_from_db()
    assert statement.status == "open"
    client.post(f"/b/{statement.code}/stang/")
    statement.refresh_from_db()
    assert statement.status == "closed"
    assert client.get(f"/b/{statement.code}/oppna/").status_code == 405


def test_an_unknown_code_is_404(client):
    assert client.get("/b/finnsej/").status_code == 404
    assert client.get("/b/finnsej/visning/").status_code == 404


def test_the_projector_shows_the_short_address_as_a_labelled_qr_code(client):
    from dialogues.qr import qr_svg

    statement = StatementFactory(status=BarometerStatement.Status.OPEN)
    html = client.get(f"/b/{statement.code}/visning/").content.decode()
    address = f"http://testserver/b/{statement.code}/"
    match = re.search(r'<div class="answer-qr">(<svg .*?</svg>)</div>', html, re.S)
    assert match, "no inline QR code"
    svg = match.group(1)
    assert svg.startswith(f'<svg role="img" aria-label="QR-kod till {address}"')
    assert "style" not in svg and "<?xml" not in svg  # strict CSP: no inline styles
    assert 'viewBox="0 0 ' in svg and 'fill="#fff"' in svg and 'stroke="#000"' in svg
    # The code encodes the address itself (made on the server, no image request).
    assert svg == qr_svg(address, f"QR-kod till {address}")
    english = client.get(f"/en/b/{statement.code}/visning/").content.decode()
    assert re.search(
        rf'aria-label="QR code for http://testserver(/en)?/b/{statement.code}/"', english
    )


def test_a_closed_statement_shows_no_qr_code(client):
    statement = StatementFactory(status=BarometerStatement.Status.CLOSED)
    html = client.get(f"/b/{statement.code}/visning/").content.decode()
    assert "<svg" not in html
