-- Accounts (issue 14): users can be disabled, API tokens expire (and say when they were last
-- used), one-time password reset links, and failed logins counted per real account only.

ALTER TABLE users ADD COLUMN disabled_at TEXT;

ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
-- Tokens made before expiry existed get the default lifetime from now (90 days).
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+90 days');
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, id);

CREATE INDEX sessions_by_user ON sessions (user_id);

-- Only the hash of a link's token is kept; a user has at most one link (a new one replaces it).
CREATE TABLE password_resets (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL UNIQUE REFERENCES users (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);

-- Failed logins were kept per email text, for any text a stranger sent: now one row per real
-- account at most, so the table is bounded by the number of users.
DROP TABLE login_failures;
CREATE TABLE login_failures (
  user_id INTEGER PRIMARY KEY REFERENCES users (id),
  failures INTEGER NOT NULL,
  last_failure_at TEXT NOT NULL,
  locked_until TEXT
);
