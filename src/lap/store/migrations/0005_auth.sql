-- Accounts and server-side sessions of the web application (domain.md §6).
--
-- Passwords are stored only as argon2id hashes in libsodium's encoded form
-- ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"); session tokens only as the
-- SHA-256 of the token (hex), so a copy of the database opens no session.
-- Times are ISO 8601 UTC text; `last_seen_unix` is seconds since the epoch for
-- the idle-expiry check.

CREATE TABLE app_user (
  user_id       INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK (role IN ('ocmw_counsellor', 'vdab_mediator', 'wse_analyst',
                                              'local_government', 'citizen', 'administrator')),
  municipality  INTEGER,             -- NIS code: the scope of OCMW and local-government users
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  CHECK ((role IN ('ocmw_counsellor', 'local_government')) = (municipality IS NOT NULL))
) STRICT;

CREATE TABLE user_session (
  token_sha256   TEXT PRIMARY KEY,
  user_id        INTEGER NOT NULL REFERENCES app_user (user_id),
  csrf_token     TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  created_unix   INTEGER NOT NULL,
  last_seen_unix INTEGER NOT NULL
) STRICT;
CREATE INDEX user_session_user ON user_session (user_id);
