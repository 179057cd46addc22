"""Wagtail's database search backend, with each language stemmed as itself.

Wagtail's PostgreSQL backend has one ``SEARCH_CONFIG`` for the whole index;
two backends with different configurations share the one index table and
overwrite each other (wagtail/wagtail#9253), so the documented setting cannot
serve four languages. This backend is the smallest change that does:

- each object is indexed with the text search configuration of its own
  language (its ``locale``), one of the ``portal_*`` configurations made by
  ``search/migrations/0001``: PostgreSQL's Snowball stemmer of that language
  after ``unaccent``, so that case and accents never matter;
- a query is parsed with the configuration of the visitor's language, OR-ed
  with the default language's, which is what the untranslated pages shown to
  that visitor were indexed with;
- every word of a query matches as a prefix of the stem (``taller:*``): the
  Snowball stemmers cut some singulars shorter than their plurals (Spanish
  "talleres" is ``taller``, "taller" is ``tall``), and people on phones type
  words half-way;
- autocomplete uses ``portal_simple`` (no stemming, accents ignored).

On SQLite (``make run``) Wagtail's own SQLite backend is used unchanged.
"""

import re
from copy import copy

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import PlainText

from home.i18n import current_language, language_of

# The text search configuration of each language (made by the migration).
CONFIGS = {
    "en": "portal_english",
    "es": "portal_spanish",
    "pt": "portal_portuguese",
    "it": "portal_italian",
}
SIMPLE_CONFIG = "portal_simple"


def config_for(language: str) -> str:
    """The configuration that stems ``language`` (``portal_simple`` for others)."""
    return CONFIGS.get(language, SIMPLE_CONFIG)


def config_of(obj) -> str:
    """The configuration of an object's own language (translatable models have
    a ``locale``; anything else is in the default language)."""
    if getattr(obj, "locale_id", None) is None:
        return config_for(settings.LANGUAGE_CODE)
    return config_for(language_of(obj))


class MultilingualPostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Index ``objs`` in groups of one language, each with its configuration
        (Wagtail's indexer reads the configuration from the backend)."""
        groups: dict[str, list] = {}
        for obj in objs:
            groups.setdefault(config_of(obj), []).append(obj)
        for config, group in groups.items():
            backend = copy(self.backend)
            backend.config = config
            index = PostgresIndex(backend)
            PostgresIndex.add_items(index, model, group)


class MultilingualQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        return config_for(current_language())

    def build_tsquery_content(self, query, config=None, invert=False):
        """Plain text as Wagtail reads it, each word a prefix of stems."""
        if not isinstance(query, PlainText):
            return super().build_tsquery_content(query, config=config, invert=invert)
        lexemes = None
        for term in re.split(r"[\s\-]+", query.query_string):
            if not term:
                continue
            lexeme = Lexeme(term, invert=invert, prefix=True)
            if lexemes is None:
                lexemes = lexeme
            elif query.operator == "and":
                lexemes &= lexeme
            else:
                lexemes |= lexeme
        if lexemes is None:
            return None
        return SearchQuery(lexemes, search_type="raw", config=config)

    def build_tsquery(self, query, config=None):
        """The query in the visitor's language, or else in the default one."""
        tsquery = super().build_tsquery(query, config=config)
        fallback = config_for(settings.LANGUAGE_CODE)
        if tsquery is None or config in (None, fallback):
            return tsquery
        other = super().build_tsquery(query, config=fallback)
        return tsquery if other is None else tsquery | other


class MultilingualPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = MultilingualQueryCompiler
    index_class = MultilingualPostgresIndex

    def __init__(self, params):
        super().__init__(params)
        self.config = config_for(settings.LANGUAGE_CODE)
        self.autocomplete_config = SIMPLE_CONFIG


def SearchBackend(params):
    """The multilingual backend on PostgreSQL, Wagtail's database backend elsewhere."""
    if connection.vendor == "postgresql":
        return MultilingualPostgresSearchBackend(params)
    return database_backend(params)
