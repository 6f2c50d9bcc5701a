import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def swedish():
    """Each test starts in Swedish, whatever language an earlier test's request left active."""
    with translation.override("sv"):
        yield
