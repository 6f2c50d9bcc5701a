"""Every interface string of the portal has Swedish: makemessages collects what the code and
templates mark for translation (in a copy of the project, so no catalogue here changes), and each
must be in the Swedish catalogue Django puts together at run time (ours, allauth's, Django's)."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

from django.utils.translation import trans_real

BASE_DIR = Path(__file__).resolve().parent.parent.parent
LEFT_OUT = shutil.ignore_patterns(
    ".venv", ".local", ".git", "tests", "bench", "*.mo", "node_modules"
)


def collected_msgids(copy: Path) -> set:
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "sv", "--no-obsolete", "-v", "0"],
        cwd=copy,
        check=True,
        env={"DEBUG": "true", "PATH": "/usr/bin:/bin"},
    )
    keys = set()
    for catalogue in copy.glob("**/locale/sv/LC_MESSAGES/django.po"):
        # every entry, translated or not: msgen copies each msgid into its msgstr
        english = subprocess.run(["msgen", str(catalogue)], check=True, capture_output=True)
        compiled = subprocess.run(
            ["msgfmt", "-o", "-", "-"], input=english.stdout, check=True, capture_output=True
        )
        mo = copy / "collected.mo"
        mo.write_bytes(compiled.stdout)
        with mo.open("rb") as handle:
            keys |= {key for key in gettext.GNUTranslations(handle)._catalog if key != ""}
    return keys


def test_every_interface_string_has_swedish(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(BASE_DIR, copy, ignore=LEFT_OUT)
    keys = collected_msgids(copy)
    swedish = trans_real.translation("sv")._catalog
    missing = sorted(str(key) for key in keys if not swedish.get(key))
    assert len(keys) > 500
    assert missing == [], f"{len(missing)} of {len(keys)} without Swedish"
