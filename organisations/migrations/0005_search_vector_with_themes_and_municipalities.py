"""The organisation's search vector reads its themes and municipalities too ("psykisk hälsa"
finds an organisation with that theme). A generated column cannot read other tables, so the
column becomes a plain one that triggers keep current: on the organisation's own row, on its
themes and municipalities being added or removed, and on a theme or municipality renamed."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

TRIGGERS = """
CREATE FUNCTION organisation_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('swedish', coalesce(NEW.name, '')), 'A')
        || setweight(to_tsvector('swedish', coalesce((
            SELECT string_agg(t.name, ' ') FROM organisations_theme t
            JOIN organisations_organisation_themes ot ON ot.theme_id = t.id
            WHERE ot.organisation_id = NEW.id), '')), 'B')
        || setweight(to_tsvector('swedish', coalesce((
            SELECT string_agg(m.name, ' ') FROM organisations_municipality m
            JOIN organisations_organisation_municipalities om ON om.municipality_id = m.id
            WHERE om.organisation_id = NEW.id), '')), 'B')
        || setweight(to_tsvector('swedish', coalesce(NEW.description, '')), 'C');
    RETURN NEW;
END $$;

CREATE TRIGGER organisation_search_vector
    BEFORE INSERT OR UPDATE OF name, description, search_vector ON organisations_organisation
    FOR EACH ROW EXECUTE FUNCTION organisation_search_vector();

CREATE FUNCTION organisation_search_vector_renew() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE organisations_organisation SET search_vector = NULL
    WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.organisation_id ELSE NEW.organisation_id END);
    RETURN NULL;
END $$;

CREATE TRIGGER organisation_themes_search_vector
    AFTER INSERT OR DELETE ON organisations_organisation_themes
    FOR EACH ROW EXECUTE FUNCTION organisation_search_vector_renew();
CREATE TRIGGER organisation_municipalities_search_vector
    AFTER INSERT OR DELETE ON organisations_organisation_municipalities
    FOR EACH ROW EXECUTE FUNCTION organisation_search_vector_renew();

CREATE FUNCTION theme_search_vector_renew() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE organisations_organisation SET search_vector = NULL WHERE id IN (
        SELECT organisation_id FROM organisations_organisation_themes WHERE theme_id = NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER theme_search_vector
    AFTER UPDATE OF name ON organisations_theme
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION theme_search_vector_renew();

CREATE FUNCTION municipality_search_vector_renew() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE organisations_organisation SET search_vector = NULL WHERE id IN (
        SELECT organisation_id FROM organisations_organisation_municipalities
        WHERE municipality_id = NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER municipality_search_vector
    AFTER UPDATE OF name ON organisations_municipality
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION municipality_search_vector_renew();

UPDATE organisations_organisation SET search_vector = NULL;
"""

DROP_TRIGGERS = """
DROP TRIGGER municipality_search_vector ON organisations_municipality;
DROP FUNCTION municipality_search_vector_renew();
DROP TRIGGER theme_search_vector ON organisations_theme;
DROP FUNCTION theme_search_vector_renew();
DROP TRIGGER organisation_municipalities_search_vector ON organisations_organisation_municipalities;
DROP TRIGGER organisation_themes_search_vector ON organisations_organisation_themes;
DROP FUNCTION organisation_search_vector_renew();
DROP TRIGGER organisation_search_vector ON organisations_organisation;
DROP FUNCTION organisation_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [("organisations", "0004_name_trigram_index")]

    operations = [
        migrations.RemoveIndex(model_name="organisation", name="organisation_search"),
        migrations.RemoveField(model_name="organisation", name="search_vector"),
        migrations.AddField(
            model_name="organisation",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        migrations.AddIndex(
            model_name="organisation",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="organisation_search"
            ),
        ),
    ]
