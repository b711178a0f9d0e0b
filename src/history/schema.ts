// The history database's schema, as a list of numbered forward migrations.
//
// A database records its schema version in `PRAGMA user_version` and that it is xxgk-check's in
// `PRAGMA application_id`. Opening a database runs every step above its version, each in a transaction, so a file
// made by any earlier version of the tool is brought up to date; a file newer than the tool is refused, never
// touched. Steps are never edited once released: a change is a new step. docs/history.md documents the result.

/** `PRAGMA application_id` of an xxgk-check history: the bytes "XXGK". */
export const APPLICATION_ID = 0x5858474b;

export interface Migration {
  /** The schema version after this step. */
  version: number;
  /** What the step does (for people reading the code and the docs). */
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, items, findings, pages, redirects, attachments',
    sql: `
CREATE TABLE runs (
  id             INTEGER PRIMARY KEY,
  started_at     TEXT    NOT NULL,
  finished_at    TEXT,
  tool_name      TEXT    NOT NULL,
  tool_version   TEXT    NOT NULL,
  options        TEXT    NOT NULL,
  checklists     TEXT    NOT NULL,
  checklists_key TEXT    NOT NULL,
  complete       INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
  resumed_from   INTEGER REFERENCES runs (id)
);
CREATE INDEX runs_by_checklists ON runs (checklists_key, id);

CREATE TABLE items (
  id              INTEGER PRIMARY KEY,
  run_id          INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  checklist_index INTEGER NOT NULL,
  position        INTEGER NOT NULL,
  institution     TEXT    NOT NULL,
  checklist_file  TEXT,
  no              INTEGER NOT NULL,
  title           TEXT    NOT NULL,
  category        TEXT    NOT NULL,
  url             TEXT,
  urls            TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('pass', 'warn', 'fail', 'missing')),
  checked_at      TEXT    NOT NULL,
  elapsed_ms      INTEGER NOT NULL,
  result          TEXT    NOT NULL,
  UNIQUE (run_id, checklist_index, no)
);
CREATE INDEX items_by_institution ON items (institution, no);

CREATE TABLE findings (
  id         INTEGER PRIMARY KEY,
  item_id    INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  code       TEXT    NOT NULL,
  severity   TEXT    NOT NULL CHECK (severity IN ('fail', 'warn', 'info')),
  url        TEXT,
  params     TEXT    NOT NULL,
  message_zh TEXT    NOT NULL,
  message_en TEXT    NOT NULL
);
CREATE INDEX findings_by_item ON findings (item_id);
CREATE INDEX findings_by_code ON findings (code);

CREATE TABLE pages (
  id           INTEGER PRIMARY KEY,
  item_id      INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,
  url          TEXT    NOT NULL,
  final_url    TEXT    NOT NULL,
  http_status  INTEGER,
  outcome      TEXT    NOT NULL CHECK (outcome IN ('ok', 'http', 'dns', 'connection', 'timeout', 'tls', 'redirect', 'error')),
  content_type TEXT,
  title        TEXT,
  started_at   TEXT    NOT NULL,
  load_ms      INTEGER NOT NULL,
  bytes        INTEGER NOT NULL,
  attempts     INTEGER NOT NULL
);
CREATE INDEX pages_by_item ON pages (item_id);
CREATE INDEX pages_by_url_time ON pages (url, started_at);

CREATE TABLE redirects (
  page_id     INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  url         TEXT    NOT NULL,
  http_status INTEGER NOT NULL,
  PRIMARY KEY (page_id, seq)
);

CREATE TABLE attachments (
  id          INTEGER PRIMARY KEY,
  page_id     INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  url         TEXT    NOT NULL,
  name        TEXT,
  http_status INTEGER,
  ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
  error       TEXT
);
CREATE INDEX attachments_by_page ON attachments (page_id);
`,
  },
  {
    version: 2,
    description: 'probes view (one row per page fetch with its item) and an index for time windows',
    sql: `
CREATE INDEX pages_by_time ON pages (started_at);
CREATE VIEW probes AS
SELECT p.id          AS page_id,
       i.run_id      AS run_id,
       i.institution AS institution,
       i.no          AS no,
       i.title       AS title,
       i.category    AS category,
       p.url         AS url,
       p.final_url   AS final_url,
       p.started_at  AS started_at,
       p.load_ms     AS load_ms,
       p.http_status AS http_status,
       p.outcome     AS outcome
FROM pages p JOIN items i ON i.id = p.item_id;
`,
  },
  {
    version: 3,
    description: "items.status may be 'unverified' (this machine could not reach the network); the items table is rebuilt for its CHECK",
    // SQLite cannot change a CHECK constraint in place: the table is copied (foreign keys are off during migrations,
    // src/history/db.ts, so dropping the old table deletes nothing that refers to it), and the view over it remade.
    sql: `
DROP VIEW probes;
CREATE TABLE items_v3 (
  id              INTEGER PRIMARY KEY,
  run_id          INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  checklist_index INTEGER NOT NULL,
  position        INTEGER NOT NULL,
  institution     TEXT    NOT NULL,
  checklist_file  TEXT,
  no              INTEGER NOT NULL,
  title           TEXT    NOT NULL,
  category        TEXT    NOT NULL,
  url             TEXT,
  urls            TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('pass', 'warn', 'fail', 'missing', 'unverified')),
  checked_at      TEXT    NOT NULL,
  elapsed_ms      INTEGER NOT NULL,
  result          TEXT    NOT NULL,
  UNIQUE (run_id, checklist_index, no)
);
INSERT INTO items_v3 SELECT id, run_id, checklist_index, position, institution, checklist_file, no, title, category, url, urls, status, checked_at, elapsed_ms, result FROM items;
DROP TABLE items;
ALTER TABLE items_v3 RENAME TO items;
CREATE INDEX items_by_institution ON items (institution, no);
CREATE VIEW probes AS
SELECT p.id          AS page_id,
       i.run_id      AS run_id,
       i.institution AS institution,
       i.no          AS no,
       i.title       AS title,
       i.category    AS category,
       p.url         AS url,
       p.final_url   AS final_url,
       p.started_at  AS started_at,
       p.load_ms     AS load_ms,
       p.http_status AS http_status,
       p.outcome     AS outcome
FROM pages p JOIN items i ON i.id = p.item_id;
`,
  },
];

/** The schema version this build of the tool writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Tables every xxgk-check history has (from version 1 on). */
export const REQUIRED_TABLES = ['runs', 'items', 'findings', 'pages', 'redirects', 'attachments'] as const;
