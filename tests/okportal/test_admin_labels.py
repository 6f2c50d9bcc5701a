"""Every label of every admin form starts with a capital letter, and no help text is a bare
word that tells the coordinator nothing (WCAG 3.3.2: labels or instructions)."""

import re

import pytest
from django.contrib import admin

pytestmark = pytest.mark.django_db

SAYS_NOTHING = {"Markdown.", "Markdown", "As written.", "Som det skrevs."}


def admin_forms():
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        if model_admin.has_add_permission.__func__ is admin.ModelAdmin.has_add_permission:
            yield f"/admin/{info[0]}/{info[1]}/add/"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_admin_labels_start_with_a_capital_and_help_says_something(admin_client, prefix):
    problems = []
    for url in admin_forms():
        response = admin_client.get(prefix + url)
        if response.status_code != 200:
            continue
        html = response.content.decode()
        for label in re.findall(r"<label[^>]*>(.*?)</label>", html, re.S):
            text = re.sub(r"<[^>]+>", "", label).strip()
            if text and text[0].isalpha() and not text[0].isupper():
                problems.append(f"{url}: label {text!r}")
        for help_text in re.findall(r'<div class="help"[^>]*>\s*<div>(.*?)</div>', html, re.S):
            if help_text.strip() in SAYS_NOTHING or len(help_text.strip()) < 12:
                problems.append(f"{url}: help {help_text.strip()!r}")
    assert not problems, "\n".join(sorted(set(problems)))
