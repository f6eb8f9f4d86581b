"""The PostgreSQL schema: the tables of SQLite's schema (``migrations.py``) in PostgreSQL's types.

Text columns use the "C" collation, so rows sort byte by byte as in SQLite
(the keyset cursor and every "ORDER BY id" agree across backends). Case-
insensitive filters compare ``ew_fold(column)``: Unicode lower case through
ICU when the server has it. Evidence sentences carry a generated ``tsvector``
in the ``eventwire_text`` configuration (English stemming, no stop words, so
every word can be searched, as with SQLite's FTS5 porter tokenizer; diacritics
folded through the ``unaccent`` extension where the server has it and the user
may create it, so "Bouake" finds "Bouaké" as SQLite's ``remove_diacritics`` does).

PostgreSQL databases start at schema version 5; a later version adds one step
to ``MIGRATIONS`` here, keyed by the version it upgrades from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

T = 'TEXT COLLATE "C"'

FUNCTIONS_SQL = """
CREATE FUNCTION ew_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lower($1 COLLATE {collation}) $$;
-- the merge code counts a JSON text array as SQLite does
CREATE FUNCTION json_array_length(text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT json_array_length($1::json) $$;
CREATE TEXT SEARCH DICTIONARY eventwire_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION eventwire_text (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION eventwire_text
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH {unaccent}eventwire_stem;
CREATE SEQUENCE eventwire_changes;
"""

TABLES_SQL = f"""
CREATE TABLE meta (
    key   {T} PRIMARY KEY,
    value {T} NOT NULL
);

CREATE TABLE documents (
    document_id {T} PRIMARY KEY,
    title       {T},
    published   {T},
    outlet      {T},
    url         {T},
    source      {T},
    text        {T} NOT NULL
);

CREATE TABLE events (
    event_id         {T} PRIMARY KEY,
    document_id      {T} NOT NULL,
    event_type       {T} NOT NULL,
    sub_event_type   {T} NOT NULL,
    disorder_type    {T},
    event_date       {T},
    date_start       {T},
    date_end         {T},
    time_precision   BIGINT,
    date_prec        BIGINT,
    actor1           {T},
    actor2           {T},
    assoc_actor_1    {T} NOT NULL DEFAULT '[]',
    assoc_actor_2    {T} NOT NULL DEFAULT '[]',
    country          {T},
    iso3             {T},
    admin1           {T},
    admin2           {T},
    location         {T},
    latitude         DOUBLE PRECISION,
    longitude        DOUBLE PRECISION,
    geo_precision    BIGINT,
    where_prec       BIGINT,
    location_as_written {T},
    gazetteer_id     {T},
    location_type    {T},
    weapon           {T},
    fatalities_low   BIGINT,
    fatalities_best  BIGINT,
    fatalities_high  BIGINT,
    injuries_low     BIGINT,
    injuries_best    BIGINT,
    injuries_high    BIGINT,
    abducted_low     BIGINT,
    abducted_best    BIGINT,
    abducted_high    BIGINT,
    arrested_low     BIGINT,
    arrested_best    BIGINT,
    arrested_high    BIGINT,
    reported_as      {T} NOT NULL,
    responds_to      {T},
    confidence       DOUBLE PRECISION NOT NULL,
    merge            {T} NOT NULL DEFAULT '[]'
);

CREATE INDEX events_document ON events(document_id);
CREATE INDEX events_date ON events(event_date, event_id);
CREATE INDEX events_type ON events(ew_fold(event_type), ew_fold(sub_event_type));
CREATE INDEX events_sub_type ON events(ew_fold(sub_event_type));
CREATE INDEX events_country ON events(ew_fold(country), event_date, event_id);
CREATE INDEX events_iso3 ON events(ew_fold(iso3), event_date, event_id);
CREATE INDEX events_reported_as ON events(reported_as);
CREATE INDEX events_responds_to ON events(responds_to);

CREATE TABLE reports (
    report_id   {T} PRIMARY KEY,
    document_id {T} NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    event_id    {T} NOT NULL,
    component   {T} NOT NULL,
    published   {T},
    data        {T} NOT NULL,
    rep         BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX reports_event ON reports(event_id);
CREATE INDEX reports_component ON reports(component);
CREATE INDEX reports_document ON reports(document_id);
CREATE INDEX reports_event_rep ON reports(event_id, rep, published);

CREATE TABLE report_keys (
    key       {T} NOT NULL,
    report_id {T} NOT NULL REFERENCES reports(report_id) ON DELETE CASCADE,
    PRIMARY KEY (key, report_id)
);

CREATE TABLE merge_overrides (
    report_a {T} NOT NULL,
    report_b {T} NOT NULL,
    kind     {T} NOT NULL CHECK (kind IN ('must', 'cannot')),
    PRIMARY KEY (report_a, report_b)
);

CREATE TABLE evidence (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id   {T} NOT NULL REFERENCES reports(report_id) ON DELETE CASCADE,
    position    BIGINT NOT NULL,
    document_id {T} NOT NULL,
    outlet      {T},
    url         {T},
    published   {T},
    sentence    {T} NOT NULL,
    char_start  BIGINT NOT NULL,
    char_end    BIGINT NOT NULL,
    speaker     {T},
    words       tsvector GENERATED ALWAYS AS (to_tsvector('eventwire_text', sentence)) STORED,
    UNIQUE (report_id, position)
);

CREATE INDEX evidence_words ON evidence USING gin (words);

CREATE TABLE claims (
    report_id     {T} NOT NULL REFERENCES reports(report_id) ON DELETE CASCADE,
    position      BIGINT NOT NULL,
    kind          {T} NOT NULL,
    document_id   {T} NOT NULL,
    sentence      {T} NOT NULL,
    char_start    BIGINT NOT NULL,
    char_end      BIGINT NOT NULL,
    stance        {T} NOT NULL,
    metric        {T},
    value_low     BIGINT,
    value_best    BIGINT,
    value_high    BIGINT,
    actor         {T},
    speaker       {T},
    speaker_title {T},
    organisation  {T},
    outlet        {T},
    said_on       {T},
    published     {T},
    PRIMARY KEY (report_id, position)
);

CREATE TABLE tallies (
    tally_id      {T} PRIMARY KEY,
    document_id   {T} NOT NULL REFERENCES documents(document_id) ON DELETE CASCADE,
    metric        {T} NOT NULL,
    subject       {T},
    value_low     BIGINT,
    value_best    BIGINT,
    value_high    BIGINT,
    qualifier     {T},
    period_start  {T},
    period_end    {T},
    breakdown     {T} NOT NULL DEFAULT '[]',
    excludes      {T},
    speaker       {T},
    speaker_title {T},
    organisation  {T},
    sentence      {T} NOT NULL,
    char_start    BIGINT NOT NULL,
    char_end      BIGINT NOT NULL,
    outlet        {T},
    published     {T}
);

CREATE INDEX tallies_document ON tallies(document_id);
CREATE INDEX tallies_metric ON tallies(ew_fold(metric));
"""

#: the tables a complete eventwire database holds
TABLES = (
    "meta",
    "documents",
    "events",
    "reports",
    "report_keys",
    "merge_overrides",
    "evidence",
    "claims",
    "tallies",
)

Migration = Callable[[Any], None]

# version n -> the step that upgrades a PostgreSQL database from n to n + 1
MIGRATIONS: dict[int, Migration] = {}
#: the first schema version PostgreSQL databases were created at
FIRST_VERSION = 5


def statements(script: str) -> list[str]:
    """The statements of one of the scripts above (none holds a ';' inside a statement)."""
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip().rstrip(";") for s in code.split(";\n") if s.strip()]
