import io

import pytest

from dialogues import demo


@pytest.fixture
def seed_event(db):
    """The October 2015 day, imported from the seeds through the importer."""
    return demo.load(io.StringIO())
