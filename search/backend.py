"""Wagtail's database search backend, with each language stemmed as itself.

Wagtail's PostgreSQL backend has one ``SEARCH_CONFIG`` for the whole index;
two backends with different configurations share the one index table and
overwrite each other (wagtail/wagtail#9253), so the documented setting cannot
serve four languages. This backend is the smallest change that does:

- each object is indexed in its own language (its ``locale``) twice over:
  with PostgreSQL's configuration of that language, whose Snowball stemmer
  needs the accents ("información" and "informaciones" are both ``inform``),
  and with the project's ``portal_*`` copy of it, which removes the accents
  first (``unaccent``, ``search/migrations/0001``), so that "informacion",
  typed without them, finds "información";
- a query is read in the visitor's language, and apart in the default one
  (the untranslated pages shown to that visitor are in it): in each, every
  word must match, in either form, and the language's stop words drop out;
- a word of three letters or more matches as a prefix (``tall:*``): the
  stemmers cut some singulars shorter than their plurals (Spanish "talleres"
  is ``taller``, "taller" is ``tall``), and people on phones type words
  half-way;
- autocomplete (suggestions) uses ``portal_simple``: no stemming, no accents.

On SQLite (``make run``) Wagtail's own SQLite backend is used unchanged.
"""

import re
from copy import copy

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.utils.encoding import force_str
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import PlainText
from modelsearch.utils import get_content_type_pk

from home.i18n import current_language, language_of

# Each language's configurations: PostgreSQL's own, and the project's copy
# that removes accents before stemming (made by the migration).
CONFIGS = {
    "en": ("english", "portal_english"),
    "es": ("spanish", "portal_spanish"),
    "pt": ("portuguese", "portal_portuguese"),
    "it": ("italian", "portal_italian"),
}
SIMPLE_CONFIG = "portal_simple"
PREFIX_MIN_LENGTH = 3


def configs_for(language: str) -> tuple[str, str]:
    """The two configurations of ``language`` (no stemming for others)."""
    return CONFIGS.get(language, ("simple", SIMPLE_CONFIG))


def language_of_object(obj) -> str:
    """An indexed object's language (translatable models have a ``locale``;
    anything else is in the default language)."""
    if getattr(obj, "locale_id", None) is None:
        return settings.LANGUAGE_CODE
    return language_of(obj)


class MultilingualPostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Index ``objs`` in groups of one language: Wagtail's entries, made with
        the language's own configuration (Wagtail's indexer reads it from the
        backend), then the accent-free copy of their text added to them."""
        groups: dict[str, list] = {}
        for obj in objs:
            groups.setdefault(language_of_object(obj), []).append(obj)
        for language, group in groups.items():
            stemmed, unaccented = configs_for(language)
            backend = copy(self.backend)
            backend.config = stemmed
            PostgresIndex.add_items(PostgresIndex(backend), model, group)
            self._add_unaccented(model, group, unaccented)

    def _add_unaccented(self, model, objs, config: str) -> None:
        """Append to each entry's title and body the vectors of their plain
        text (kept by Wagtail for fuzzy search) in the accent-free ``config``."""
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {IndexEntry._meta.db_table}
                SET title = title || setweight(
                        to_tsvector(%s::regconfig, title_text), 'B'),
                    body = body || setweight(
                        to_tsvector(%s::regconfig, body_text), 'D')
                WHERE content_type_id = %s AND object_id = ANY(%s)
                """,  # noqa: S608 (the table's name is the model's, not input)
                [
                    config,
                    config,
                    get_content_type_pk(model),
                    [force_str(obj.pk) for obj in objs],
                ],
            )


class MultilingualQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        return configs_for(current_language())[0]

    def branches(self) -> list[tuple[str, str]]:
        """The languages a query is read in: the visitor's, then the default
        one (for the untranslated pages shown to the visitor)."""
        languages = dict.fromkeys([current_language(), settings.LANGUAGE_CODE])
        return [configs_for(language) for language in languages]

    def build_tsquery_content(self, query, config=None, invert=False):
        """Plain text, read in each language of ``branches``: there, each word
        in either configuration, all words (Wagtail's default operator) or
        any. A language's little words ("de", "the") drop out of its reading
        only, as PostgreSQL does with stop words."""
        if not isinstance(query, PlainText) or invert:
            return super().build_tsquery_content(query, config=config, invert=invert)
        terms = [term for term in re.split(r"[\s\-]+", query.query_string) if term]
        if not terms:
            return None
        reading = None
        for branch in self.branches():
            combined = None
            for term in terms:
                prefix = len(term) >= PREFIX_MIN_LENGTH
                word = None
                for word_config in branch:
                    one = SearchQuery(
                        Lexeme(term, prefix=prefix),
                        search_type="raw",
                        config=word_config,
                    )
                    word = one if word is None else word | one
                if combined is None:
                    combined = word
                elif query.operator == "and":
                    combined &= word
                else:
                    combined |= word
            reading = combined if reading is None else reading | combined
        return reading


class MultilingualPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = MultilingualQueryCompiler
    index_class = MultilingualPostgresIndex

    def __init__(self, params):
        super().__init__(params)
        self.config = configs_for(settings.LANGUAGE_CODE)[0]
        self.autocomplete_config = SIMPLE_CONFIG


def SearchBackend(params):
    """The multilingual backend on PostgreSQL, Wagtail's database backend elsewhere."""
    if connection.vendor == "postgresql":
        return MultilingualPostgresSearchBackend(params)
    return database_backend(params)
