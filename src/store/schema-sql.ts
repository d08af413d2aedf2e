/**
 * The store's tables, as versioned migrations (applied in order by migrations.ts, never edited
 * once released: a change is a new migration). Written once for both databases: `{{id}}` is an
 * auto-numbered primary key, `{{bigint}}` a 64-bit integer; `{{append_only TABLE}}` makes a table
 * refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) with a trigger; `{{forward_only TABLE}}`
 * lets a one-row chain head move only one step forward and never be deleted;
 * `{{supersede_only TABLE COL ...}}` refuses DELETE (and TRUNCATE on PostgreSQL) and any UPDATE
 * but the one that marks a current row superseded (`superseded_at` from NULL, listed columns
 * unchanged), so a family's record is never erased or overwritten. `{{lz4 TABLE COL}}` has
 * PostgreSQL compress the column's new long values with lz4 instead of pglz, when the server was
 * built with lz4 (a stored score is 10–50 KB of JSON: pglz took about 0.4 ms more of the
 * database's CPU per score than lz4 on this project's benchmark machine); SQLite does not compress.
 *
 * Dates are day numbers (days since 1970-01-01, UTC) and instants epoch milliseconds, as in the
 * contract layer's columns. Nothing a family's record holds is ever deleted: a corrected record is
 * superseded (`superseded_by`, `superseded_at`) by its correction and stays in the table.
 */

/** One migration: its version (1, 2, ...), a name, and its SQL template. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Every migration, in version order. Versions increase but need not be consecutive while branches
 * are merged (version 5 is another change's); a database is migrated past every version it lacks.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'county records',
    sql: `
CREATE TABLE loads (
  load_id {{id}},
  name TEXT NOT NULL,
  as_of TEXT NOT NULL,
  data_hash TEXT NOT NULL,
  loaded_at TEXT NOT NULL,
  rows_json TEXT NOT NULL
);
CREATE TABLE persons (
  person_id TEXT PRIMARY KEY,
  birth_day INTEGER NOT NULL,
  sex TEXT NOT NULL,
  race TEXT NOT NULL,
  hispanic TEXT NOT NULL,
  origin TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE TABLE referrals (
  referral_id TEXT PRIMARY KEY,
  received_ms {{bigint}} NOT NULL,
  allegation TEXT NOT NULL,
  channel TEXT,
  screening_decision TEXT,
  decided_ms {{bigint}},
  screener_id TEXT,
  supervisor_id TEXT,
  screener_risk INTEGER,
  screener_safety INTEGER,
  shown_score INTEGER,
  shown_protocol TEXT,
  override INTEGER,
  override_reason TEXT,
  origin TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX referrals_received ON referrals (received_ms);
CREATE TABLE referral_persons (
  referral_id TEXT NOT NULL REFERENCES referrals (referral_id),
  person_id TEXT NOT NULL REFERENCES persons (person_id),
  role TEXT NOT NULL,
  PRIMARY KEY (referral_id, person_id, role)
);
CREATE INDEX referral_persons_person ON referral_persons (person_id);
CREATE TABLE events (
  event_id {{id}},
  person_id TEXT NOT NULL REFERENCES persons (person_id),
  source TEXT NOT NULL,
  kind TEXT NOT NULL,
  start_day INTEGER NOT NULL,
  end_day INTEGER,
  origin TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  superseded_by {{bigint}} REFERENCES events (event_id),
  superseded_at TEXT
);
CREATE INDEX events_person ON events (person_id, start_day);
`,
  },
  {
    version: 2,
    name: 'staff and sessions',
    sql: `
CREATE TABLE users (
  user_id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until_ms {{bigint}},
  active INTEGER NOT NULL DEFAULT 1,
  created_ms {{bigint}} NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (user_id),
  csrf_token TEXT NOT NULL,
  created_ms {{bigint}} NOT NULL,
  seen_ms {{bigint}} NOT NULL,
  expires_ms {{bigint}} NOT NULL,
  ended_ms {{bigint}}
);
CREATE INDEX sessions_user ON sessions (user_id);
`,
  },
  {
    version: 3,
    name: 'screening workflow',
    sql: `
CREATE TABLE call_scores (
  score_id {{id}},
  referral_id TEXT NOT NULL REFERENCES referrals (referral_id),
  model_hash TEXT NOT NULL,
  computed_ms {{bigint}} NOT NULL,
  household_score INTEGER,
  protocol TEXT,
  result_json TEXT NOT NULL,
  reason TEXT NOT NULL,
  superseded_by {{bigint}} REFERENCES call_scores (score_id)
);
CREATE INDEX call_scores_referral ON call_scores (referral_id);
CREATE TABLE calls (
  referral_id TEXT PRIMARY KEY REFERENCES referrals (referral_id),
  status TEXT NOT NULL,
  screener_id TEXT NOT NULL REFERENCES users (user_id),
  law_required INTEGER NOT NULL,
  risk INTEGER,
  safety INTEGER,
  rated_ms {{bigint}},
  score_id {{bigint}} REFERENCES call_scores (score_id),
  revealed_ms {{bigint}},
  recommendation TEXT,
  recommendation_note TEXT,
  recommended_ms {{bigint}},
  decision TEXT,
  supervisor_id TEXT REFERENCES users (user_id),
  decided_ms {{bigint}},
  override INTEGER,
  override_reason TEXT,
  created_ms {{bigint}} NOT NULL
);
CREATE INDEX calls_status ON calls (status, created_ms);
`,
  },
  {
    version: 4,
    name: 'hash-chained audit log',
    sql: `
CREATE TABLE audit_log (
  seq {{bigint}} PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq {{bigint}} NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}');
{{append_only audit_log}}
{{forward_only audit_head}}
`,
  },
  {
    version: 5,
    name: 'disputes and corrections',
    sql: `
CREATE TABLE disputes (
  dispute_id {{id}},
  target_kind TEXT NOT NULL CHECK (target_kind IN ('event', 'referral_link')),
  event_id {{bigint}} REFERENCES events (event_id),
  link_referral_id TEXT REFERENCES referrals (referral_id),
  person_id TEXT NOT NULL REFERENCES persons (person_id),
  referral_id TEXT NOT NULL REFERENCES referrals (referral_id),
  raised_by_kind TEXT NOT NULL CHECK (raised_by_kind IN ('staff', 'family')),
  raised_by TEXT NOT NULL,
  raised_ms {{bigint}} NOT NULL,
  grounds TEXT NOT NULL CHECK (grounds IN ('wrong', 'not_theirs', 'out_of_date')),
  note TEXT,
  proposed_json TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'rejected')),
  reviewer_id TEXT REFERENCES users (user_id),
  review_reason TEXT,
  reviewed_ms {{bigint}},
  correction_json TEXT,
  new_event_id {{bigint}} REFERENCES events (event_id),
  rescoring_json TEXT,
  CHECK ((target_kind = 'event') = (event_id IS NOT NULL)),
  CHECK ((target_kind = 'referral_link') = (link_referral_id IS NOT NULL))
);
CREATE INDEX disputes_status ON disputes (status, raised_ms);
CREATE INDEX disputes_person ON disputes (person_id);
CREATE INDEX disputes_referral ON disputes (referral_id);
ALTER TABLE events ADD COLUMN superseded_by_dispute {{bigint}} REFERENCES disputes (dispute_id);
ALTER TABLE referral_persons ADD COLUMN superseded_at TEXT;
ALTER TABLE referral_persons ADD COLUMN superseded_by_dispute {{bigint}} REFERENCES disputes (dispute_id);
{{supersede_only events person_id source kind start_day end_day origin recorded_at}}
{{supersede_only referral_persons referral_id person_id role}}
`,
  },
  {
    version: 6,
    name: 'family access',
    sql: `
CREATE TABLE family_codes (
  code_hash TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons (person_id),
  referral_id TEXT NOT NULL REFERENCES referrals (referral_id),
  issued_by TEXT NOT NULL REFERENCES users (user_id),
  issued_ms {{bigint}} NOT NULL,
  expires_ms {{bigint}} NOT NULL,
  used_ms {{bigint}},
  revoked_ms {{bigint}}
);
CREATE INDEX family_codes_referral ON family_codes (referral_id, person_id);
CREATE TABLE family_sessions (
  token_hash TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons (person_id),
  referral_id TEXT NOT NULL REFERENCES referrals (referral_id),
  csrf_token TEXT NOT NULL,
  created_ms {{bigint}} NOT NULL,
  seen_ms {{bigint}} NOT NULL,
  expires_ms {{bigint}} NOT NULL,
  ended_ms {{bigint}}
);
CREATE INDEX family_sessions_referral ON family_sessions (referral_id, person_id);
`,
  },
  {
    version: 7,
    name: 'stored scores compressed with lz4',
    sql: `
{{lz4 call_scores result_json}}
`,
  },
];

/** Renders a migration template for a dialect. */
export function renderMigration(sql: string, dialect: 'sqlite' | 'postgres'): string {
  const pg = dialect === 'postgres';
  return sql
    .replaceAll(
      '{{id}}',
      pg ? 'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY' : 'INTEGER PRIMARY KEY',
    )
    .replaceAll('{{bigint}}', pg ? 'BIGINT' : 'INTEGER')
    .replace(/\{\{append_only (\w+)\}\}/g, (_, table: string) =>
      pg ? appendOnlyPostgres(table) : appendOnlySqlite(table),
    )
    .replace(/\{\{forward_only (\w+)\}\}/g, (_, table: string) =>
      pg ? forwardOnlyPostgres(table) : forwardOnlySqlite(table),
    )
    .replace(/\{\{lz4 (\w+) (\w+)\}\}/g, (_, table: string, col: string) =>
      pg ? lz4Postgres(table, col) : '',
    )
    .replace(/\{\{supersede_only (\w+) ([\w ]+)\}\}/g, (_, table: string, cols: string) =>
      pg
        ? supersedeOnlyPostgres(table, cols.split(' '))
        : supersedeOnlySqlite(table, cols.split(' ')),
    );
}

function lz4Postgres(t: string, col: string): string {
  return `
DO $body$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE ${t} ALTER COLUMN ${col} SET COMPRESSION lz4;
  END IF;
END $body$;`;
}

function forwardOnlySqlite(t: string): string {
  return `
CREATE TRIGGER ${t}_forward BEFORE UPDATE ON ${t} WHEN NEW.seq <> OLD.seq + 1
BEGIN SELECT RAISE(ABORT, '${t} only moves forward'); END;
CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t}
BEGIN SELECT RAISE(ABORT, '${t} cannot be deleted'); END;`;
}

function forwardOnlyPostgres(t: string): string {
  return `
CREATE FUNCTION ${t}_forward_only() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.seq = OLD.seq + 1 THEN RETURN NEW; END IF;
  RAISE EXCEPTION '${t} only moves forward';
END $body$;
CREATE TRIGGER ${t}_forward BEFORE UPDATE OR DELETE ON ${t}
FOR EACH ROW EXECUTE FUNCTION ${t}_forward_only();`;
}

function appendOnlySqlite(t: string): string {
  return `
CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t}
BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;
CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t}
BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END;`;
}

function appendOnlyPostgres(t: string): string {
  return `
CREATE FUNCTION ${t}_append_only() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN RAISE EXCEPTION '${t} is append-only'; END $body$;
CREATE TRIGGER ${t}_no_change BEFORE UPDATE OR DELETE ON ${t}
FOR EACH ROW EXECUTE FUNCTION ${t}_append_only();
CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t}
FOR EACH STATEMENT EXECUTE FUNCTION ${t}_append_only();`;
}

function supersedeOnlySqlite(t: string, cols: readonly string[]): string {
  const changed = cols.map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ');
  return `
CREATE TRIGGER ${t}_supersede_only BEFORE UPDATE ON ${t}
WHEN OLD.superseded_at IS NOT NULL OR NEW.superseded_at IS NULL OR ${changed}
BEGIN SELECT RAISE(ABORT, '${t} rows are never changed, only superseded'); END;
CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t}
BEGIN SELECT RAISE(ABORT, '${t} rows are never deleted, only superseded'); END;`;
}

function supersedeOnlyPostgres(t: string, cols: readonly string[]): string {
  const changed = cols.map((c) => `NEW.${c} IS DISTINCT FROM OLD.${c}`).join(' OR ');
  return `
CREATE FUNCTION ${t}_supersede_only() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.superseded_at IS NULL AND NEW.superseded_at IS NOT NULL
     AND NOT (${changed}) THEN RETURN NEW; END IF;
  RAISE EXCEPTION '${t} rows are never changed, only superseded';
END $body$;
CREATE TRIGGER ${t}_supersede_only BEFORE UPDATE OR DELETE ON ${t}
FOR EACH ROW EXECUTE FUNCTION ${t}_supersede_only();
CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t}
FOR EACH STATEMENT EXECUTE FUNCTION ${t}_supersede_only();`;
}
