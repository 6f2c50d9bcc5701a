"""Names as the database sorts and compares them: Swedish order without ICU collations,
and plain letters for names that are nearly the same."""

import re
import unicodedata

from django.db import models
from django.db.models import F, Func, Value
from django.db.models.functions import Lower

# The database has no ICU collations (the embedded PostgreSQL is built without ICU), so Swedish
# order comes from a stored sort key: the lower-cased name with å, ä, ö (and æ, ø) mapped to the
# three code points after z, and other accented letters to their base letter; compared bytewise
# ("C"). translate() and lower() are immutable, so the key is a generated column with an index.
_ACCENTED = "ÅåÄäÆæÖöØøÉéÈèÊêËëÜüÁáÀàÂâÍíÌìÓóÒòÚúÙù"
_SORTS_AS = "{{||||}}}}eeeeeeeeyyaaaaaaiiiioooouuuu"
_UNACCENTED = "AaAaAaOoOoEeEeEeEeUuAaAaAaIiIiOoOoUuUu"


def swedish_sort_key(field: str) -> Lower:
    return Lower(Func(F(field), Value(_ACCENTED), Value(_SORTS_AS), function="translate"))


def plain_text(text: str) -> str:
    """Lower case, without accents and punctuation: what near-identical names are compared on."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("æ", "a").replace("ø", "o"))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9\s]+", "", letters).split())


def plain_letters(field: str) -> Func:
    """The database's counterpart of `plain_text`, for the letters Swedish names use."""
    lowered = Lower(Func(F(field), Value(_ACCENTED), Value(_UNACCENTED), function="translate"))
    return Func(
        lowered, Value("[^a-z0-9[:space:]]+"), Value(""), Value("g"), function="regexp_replace"
    )


def sort_key_field(field: str = "name") -> models.GeneratedField:
    return models.GeneratedField(
        expression=swedish_sort_key(field),
        output_field=models.CharField(max_length=255, db_collation="C"),
        db_persist=True,
        editable=False,
    )
