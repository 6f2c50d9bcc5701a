"""The one rule both importers use to join lines a hard wrap broke (okportal.importing.wrapping)."""

import pytest

from agreements.importing.minutes import parse_minutes
from dialogues.importing.parser import parse_dialogue
from okportal.importing.wrapping import reads_on


@pytest.mark.parametrize(
    ("previous", "following", "long_line", "paragraph", "joined"),
    [
        ("Föreningarna vill ha lokaler och", "stöd från kommunen.", False, False, True),
        ("Föreningarna vill ha lokaler bl.a.", "skolans aula.", False, False, True),
        ("Föreningarna vill ha lokaler.", "skolans aula.", False, False, False),
        ("Föreningarna vill ha lokaler.", "skolans aula.", False, True, True),
        ("Föreningarna, regionen,", "Kommunerna", False, False, True),
        ("En lång rad som når marginalen utan punkt", "Nästa rad", True, False, True),
        ("En lång rad som når marginalen med punkt.", "Nästa rad", True, False, False),
        ("En lång rad som når marginalen med punkt.", "Nästa rad", True, True, True),
        ("En kort rad", "Nästa rad", False, True, False),
    ],
)
def test_a_line_reads_on_from_the_one_above(previous, following, long_line, paragraph, joined):
    assert reads_on(previous, following, long_line=long_line, paragraph=paragraph) is joined


WRAPPED = (
    "Föreningarna i länet beskrev hur svårt det är att hitta lokaler för verksamheten och\n"
    "att kommunerna sällan har tid att svara på frågor om bidrag.\n"
    "- en punkt i en lista\n"
    "- en punkt till\n"
)


def test_both_importers_join_a_wrapped_sentence_and_keep_the_lines_of_a_list():
    minutes = parse_minutes("Styrelsemöte 2022-03-10\n\n§ 1 Lokaler\n" + WRAPPED)
    body = minutes.items[0].body
    assert "verksamheten och att kommunerna" in body
    assert "- en punkt i en lista\n- en punkt till" in body
    event = parse_dialogue("Dialogträff 2022-03-10\n\n# Lokaler\n\n" + WRAPPED, "")
    notes = [note.text for note in event.topics[0].notes()]
    assert notes[0].endswith(
        "verksamheten och att kommunerna sällan har tid att svara på frågor om bidrag."
    )
    assert notes[1:] == ["en punkt i en lista", "en punkt till"]
