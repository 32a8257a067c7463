-- Organisations, accounts, sessions, API tokens, login throttling and the audit log.
-- Portable SQL: the PostgreSQL twin (../postgresql/) differs in types and collation.

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('coordinator', 'funder', 'operator', 'logistics',
                                     'liaison', 'structure', 'association')),
  name TEXT NOT NULL,
  sort_name TEXT NOT NULL,  -- name folded for case- and accent-insensitive ordering
  code TEXT UNIQUE,
  structure_type TEXT CHECK (structure_type IN ('CADA', 'HUDA', 'CPH', 'CAES', 'PRAHDA', 'other')),
  capacity INTEGER CHECK (capacity > 0),
  address TEXT,
  postcode TEXT,
  commune TEXT,
  department TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (kind <> 'structure' OR (structure_type IS NOT NULL AND capacity IS NOT NULL
                                 AND department IS NOT NULL))
);
CREATE INDEX organisations_by_name ON organisations (sort_name, id);
CREATE INDEX organisations_by_kind ON organisations (kind, sort_name, id);
CREATE INDEX organisations_by_department ON organisations (department, sort_name, id);
CREATE UNIQUE INDEX organisations_name_commune ON organisations (name, commune);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX users_by_organisation ON users (organisation_id);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users (id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE login_failures (
  email TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure_at TEXT NOT NULL,
  locked_until TEXT
);

CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_user_id INTEGER,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  summary TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
