"""The stored search vectors and indexes every searchable model declares (see search/kinds.py).

Weights: A titles, B short texts that name the thing (questions, decisions, themes), C text.
The configuration is PostgreSQL's 'swedish': "föreningarna" and "förening" share one stem.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models

CONFIG = "swedish"


def search_vector_field(*weighted: tuple[str, str]) -> models.GeneratedField:
    """A stored full-text vector of (field, weight) pairs, kept current by the database."""
    vectors = [SearchVector(name, weight=weight, config=CONFIG) for name, weight in weighted]
    expression = vectors[0]
    for vector in vectors[1:]:
        expression = expression + vector
    return models.GeneratedField(
        expression=expression, output_field=SearchVectorField(), db_persist=True, editable=False
    )


def search_indexes(prefix: str, trigram_field: str) -> list[GinIndex]:
    """The GIN index of the search vector, and the trigram index of the field that misspelt
    queries are matched against."""
    return [
        GinIndex(fields=["search_vector"], name=f"{prefix}_search"),
        GinIndex(fields=[trigram_field], opclasses=["gin_trgm_ops"], name=f"{prefix}_trigram"),
    ]
