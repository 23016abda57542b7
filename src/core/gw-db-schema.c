#define G_LOG_DOMAIN "gw-db"

#include "config.h"

#include "gw-db-private.h"

/* Version 1: the records themselves. */
static const char schema_1[] =
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE divisions ("
  "  id        INTEGER PRIMARY KEY,"
  "  code      TEXT NOT NULL UNIQUE,"
  "  name      TEXT NOT NULL,"
  "  level     TEXT NOT NULL,"
  "  parent_id INTEGER REFERENCES divisions (id),"
  "  label_lon REAL,"
  "  label_lat REAL,"
  "  geometry  BLOB"
  ");"
  "CREATE INDEX divisions_parent ON divisions (parent_id);"
  "CREATE TABLE departments ("
  "  id          INTEGER PRIMARY KEY,"
  "  code        TEXT NOT NULL UNIQUE,"
  "  name        TEXT NOT NULL,"
  "  name_en     TEXT,"
  "  board       TEXT,"
  "  division_id INTEGER NOT NULL REFERENCES divisions (id)"
  ");"
  "CREATE TABLE workers ("
  "  id       INTEGER PRIMARY KEY,"
  "  code     TEXT NOT NULL UNIQUE,"
  "  name     TEXT NOT NULL,"
  "  role     TEXT NOT NULL,"
  "  grid_id  INTEGER NOT NULL REFERENCES divisions (id),"
  "  phone    TEXT,"
  "  on_duty  INTEGER NOT NULL DEFAULT 0,"
  "  lon      REAL,"
  "  lat      REAL,"
  "  seen_at  INTEGER"
  ");"
  "CREATE TABLE cameras ("
  "  id          INTEGER PRIMARY KEY,"
  "  gb_id       TEXT NOT NULL UNIQUE,"
  "  name        TEXT NOT NULL,"
  "  division_id INTEGER NOT NULL REFERENCES divisions (id),"
  "  lon         REAL NOT NULL,"
  "  lat         REAL NOT NULL,"
  "  main_uri    TEXT,"
  "  sub_uri     TEXT,"
  "  ptz         INTEGER NOT NULL DEFAULT 0,"
  "  heading     REAL NOT NULL DEFAULT -1"
  ");"
  "CREATE TABLE tickets ("
  "  id             INTEGER PRIMARY KEY,"
  "  number         TEXT NOT NULL UNIQUE,"
  "  source         TEXT NOT NULL,"
  "  category       TEXT NOT NULL,"
  "  urgency        TEXT NOT NULL,"
  "  level          TEXT NOT NULL,"
  "  lon            REAL NOT NULL,"
  "  lat            REAL NOT NULL,"
  "  division_id    INTEGER REFERENCES divisions (id),"
  "  street_id      INTEGER REFERENCES divisions (id),"
  "  community_id   INTEGER REFERENCES divisions (id),"
  "  grid_id        INTEGER REFERENCES divisions (id),"
  "  description    TEXT NOT NULL,"
  "  address        TEXT,"
  "  reporter       TEXT,"
  "  reporter_phone TEXT,"
  "  state          TEXT NOT NULL,"
  "  reported_at    INTEGER NOT NULL,"
  "  updated_at     INTEGER NOT NULL,"
  "  closed_at      INTEGER,"
  "  board          TEXT,"
  "  department_id  INTEGER REFERENCES departments (id),"
  "  deadline_at    INTEGER,"
  "  satisfaction   TEXT NOT NULL DEFAULT 'none'"
  ");"
  "CREATE INDEX tickets_reported ON tickets (reported_at);"
  "CREATE TABLE attachments ("
  "  id        INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,"
  "  name      TEXT NOT NULL,"
  "  mime_type TEXT NOT NULL,"
  "  size      INTEGER NOT NULL,"
  "  sha256    TEXT NOT NULL"
  ");"
  "CREATE INDEX attachments_ticket ON attachments (ticket_id);";

/* Version 2: population, Chinese full-text search, spatial indexes, the open-ticket
 * index. Existing rows are indexed as part of the migration. */
static const char schema_2[] =
  "ALTER TABLE divisions ADD COLUMN population INTEGER NOT NULL DEFAULT 0;"
  "CREATE INDEX divisions_level ON divisions (level);"
  "CREATE INDEX tickets_open ON tickets (grid_id)"
  "  WHERE state NOT IN ('closed', 'rejected');"
  "CREATE INDEX tickets_state ON tickets (state);"
  "CREATE INDEX workers_grid ON workers (grid_id);"
  "CREATE INDEX cameras_division ON cameras (division_id);"
  "CREATE VIRTUAL TABLE ticket_fts USING fts5 ("
  "  description, address, content='tickets', content_rowid='id', tokenize='gw_cjk'"
  ");"
  "INSERT INTO ticket_fts (ticket_fts) VALUES ('rebuild');"
  "CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN"
  "  INSERT INTO ticket_fts (rowid, description, address)"
  "    VALUES (new.id, new.description, new.address);"
  "END;"
  "CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN"
  "  INSERT INTO ticket_fts (ticket_fts, rowid, description, address)"
  "    VALUES ('delete', old.id, old.description, old.address);"
  "END;"
  "CREATE TRIGGER tickets_fts_update AFTER UPDATE OF description, address ON tickets BEGIN"
  "  INSERT INTO ticket_fts (ticket_fts, rowid, description, address)"
  "    VALUES ('delete', old.id, old.description, old.address);"
  "  INSERT INTO ticket_fts (rowid, description, address)"
  "    VALUES (new.id, new.description, new.address);"
  "END;"
  "CREATE VIRTUAL TABLE division_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat);"
  "CREATE VIRTUAL TABLE ticket_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat);"
  "INSERT INTO ticket_rtree SELECT id, lon, lon, lat, lat FROM tickets;"
  "CREATE TRIGGER tickets_rtree_insert AFTER INSERT ON tickets BEGIN"
  "  INSERT INTO ticket_rtree VALUES (new.id, new.lon, new.lon, new.lat, new.lat);"
  "END;"
  "CREATE TRIGGER tickets_rtree_update AFTER UPDATE OF lon, lat ON tickets BEGIN"
  "  UPDATE ticket_rtree SET min_lon = new.lon, max_lon = new.lon,"
  "    min_lat = new.lat, max_lat = new.lat WHERE id = new.id;"
  "END;"
  "CREATE TRIGGER tickets_rtree_delete AFTER DELETE ON tickets BEGIN"
  "  DELETE FROM ticket_rtree WHERE id = old.id;"
  "END;"
  "CREATE VIRTUAL TABLE camera_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat);"
  "INSERT INTO camera_rtree SELECT id, lon, lon, lat, lat FROM cameras;"
  "CREATE TRIGGER cameras_rtree_insert AFTER INSERT ON cameras BEGIN"
  "  INSERT INTO camera_rtree VALUES (new.id, new.lon, new.lon, new.lat, new.lat);"
  "END;"
  "CREATE TRIGGER cameras_rtree_delete AFTER DELETE ON cameras BEGIN"
  "  DELETE FROM camera_rtree WHERE id = old.id;"
  "END;"
  "CREATE VIRTUAL TABLE worker_rtree USING rtree (id, min_lon, max_lon, min_lat, max_lat);"
  "INSERT INTO worker_rtree SELECT id, lon, lon, lat, lat FROM workers WHERE lon IS NOT NULL;"
  "CREATE TRIGGER workers_rtree_insert AFTER INSERT ON workers WHEN new.lon IS NOT NULL BEGIN"
  "  INSERT INTO worker_rtree VALUES (new.id, new.lon, new.lon, new.lat, new.lat);"
  "END;"
  "CREATE TRIGGER workers_rtree_update AFTER UPDATE OF lon, lat ON workers BEGIN"
  "  DELETE FROM worker_rtree WHERE id = old.id;"
  "  INSERT INTO worker_rtree SELECT new.id, new.lon, new.lon, new.lat, new.lat"
  "    WHERE new.lon IS NOT NULL;"
  "END;"
  "CREATE TRIGGER workers_rtree_delete AFTER DELETE ON workers BEGIN"
  "  DELETE FROM worker_rtree WHERE id = old.id;"
  "END;";

/* Version 3: the closed loop. Stage timers with their light thresholds, the facts the
 * figures are counted from, whistle departments, and the hash-chained audit log, which
 * refuses updates and deletes (verification still checks the chain, for whoever goes
 * around SQL). */
static const char schema_3[] =
  "ALTER TABLE tickets ADD COLUMN stage TEXT;"            /* sign, handle, check, followup */
  "ALTER TABLE tickets ADD COLUMN stage_started_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN yellow_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN red_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN paused_at INTEGER;"       /* suspended since */
  "ALTER TABLE tickets ADD COLUMN paused_state TEXT;"       /* state to resume to */
  "ALTER TABLE tickets ADD COLUMN dispatched_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN sign_deadline_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN signed_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN handle_deadline_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN reported_back_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN resolved INTEGER;"        /* 1 resolved, 0 not, NULL unknown */
  "ALTER TABLE tickets ADD COLUMN evaluated_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN reopen_count INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tickets ADD COLUMN supervise_count INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tickets ADD COLUMN merged_into INTEGER REFERENCES tickets (id);"
  "ALTER TABLE tickets ADD COLUMN whistle INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tickets ADD COLUMN extension_seconds INTEGER;" /* requested, awaiting approval */
  "ALTER TABLE tickets ADD COLUMN extension_reason TEXT;"
  "ALTER TABLE tickets ADD COLUMN dispatcher_level TEXT;"   /* level that dispatched it */
  "CREATE INDEX tickets_closed ON tickets (closed_at);"
  "CREATE TABLE ticket_departments ("
  "  ticket_id        INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,"
  "  department_id    INTEGER NOT NULL REFERENCES departments (id),"
  "  lead             INTEGER NOT NULL DEFAULT 0,"
  "  deadline_at      INTEGER,"
  "  reported_in_at   INTEGER,"
  "  reported_back_at INTEGER,"
  "  PRIMARY KEY (ticket_id, department_id)"
  ");"
  "CREATE INDEX ticket_departments_department ON ticket_departments (department_id);"
  "CREATE TABLE audit ("
  "  id        INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER,"
  "  at        INTEGER NOT NULL,"
  "  actor     TEXT NOT NULL,"
  "  role      TEXT NOT NULL,"
  "  action    TEXT NOT NULL,"
  "  from_state TEXT,"
  "  to_state  TEXT,"
  "  reason    TEXT,"
  "  payload   TEXT,"                                         /* JSON object or NULL */
  "  prev_hash TEXT NOT NULL,"
  "  hash      TEXT NOT NULL"
  ");"
  "CREATE INDEX audit_ticket ON audit (ticket_id);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  "END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  "END;";

#define CHANGE_TRIGGERS \
  "CREATE TRIGGER tickets_change_insert AFTER INSERT ON tickets BEGIN" \
  "  INSERT INTO changes (ticket_id, at) VALUES (new.id, new.updated_at);" \
  "END;" \
  "CREATE TRIGGER tickets_change_update AFTER UPDATE ON tickets BEGIN" \
  "  INSERT INTO changes (ticket_id, at) VALUES (new.id, new.updated_at);" \
  "END;"

const char _gw_db_change_triggers_create[] = CHANGE_TRIGGERS;
const char _gw_db_change_triggers_drop[] =
  "DROP TRIGGER tickets_change_insert; DROP TRIGGER tickets_change_update;";

/* Version 4: sync. The change log every ticket change lands in (triggers, so no code path
 * can forget it), accounts and tokens, applied command ids (a replayed command is applied
 * once), attachment contents, and a seat's outbox of actions awaiting the server. */
static const char schema_4[] =
  "CREATE TABLE changes ("
  "  seq       INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  ticket_id INTEGER NOT NULL,"
  "  at        INTEGER NOT NULL"
  ");"
  "CREATE INDEX changes_ticket ON changes (ticket_id);"
  CHANGE_TRIGGERS
  "CREATE TABLE users ("
  "  id              INTEGER PRIMARY KEY,"
  "  username        TEXT NOT NULL UNIQUE,"
  "  display_name    TEXT NOT NULL,"
  "  password_hash   TEXT NOT NULL,"
  "  role            TEXT NOT NULL,"
  "  division_code   TEXT,"
  "  department_code TEXT,"
  "  disabled        INTEGER NOT NULL DEFAULT 0,"
  "  created_at      INTEGER NOT NULL"
  ");"
  "CREATE TABLE tokens ("
  "  token_hash TEXT PRIMARY KEY,"                        /* SHA-256 of the bearer token */
  "  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE commands ("
  "  command_id TEXT PRIMARY KEY,"                        /* chosen by the client */
  "  user_id    INTEGER,"
  "  at         INTEGER NOT NULL,"
  "  outcome    TEXT NOT NULL"                            /* the JSON answer given */
  ");"
  "CREATE TABLE blobs ("
  "  sha256    TEXT PRIMARY KEY,"
  "  mime_type TEXT NOT NULL,"
  "  size      INTEGER NOT NULL,"
  "  data      BLOB NOT NULL"
  ");"
  "CREATE TABLE outbox ("
  "  id         INTEGER PRIMARY KEY,"
  "  command_id TEXT NOT NULL UNIQUE,"
  "  ticket_id  INTEGER,"
  "  body       TEXT NOT NULL,"                           /* the command as sent */
  "  created_at INTEGER NOT NULL,"
  "  state      TEXT NOT NULL DEFAULT 'pending',"         /* pending, done, refused */
  "  message    TEXT"
  ");"
  "CREATE INDEX outbox_state ON outbox (state, id);";

/* Version 5: the console's queue. Every filter a duty officer picks from the side pane is
 * an index whose second column is the default order (newest first), so a filter reads its
 * ids already sorted instead of scanning 420,000 rows; the open tickets by state likewise.
 * The demo drops these while it loads the county and builds them once at the end. */
#define QUEUE_INDEXES \
  "CREATE INDEX tickets_queue_street ON tickets (street_id, reported_at);" \
  "CREATE INDEX tickets_queue_community ON tickets (community_id, reported_at);" \
  "CREATE INDEX tickets_queue_grid ON tickets (grid_id, reported_at);" \
  "CREATE INDEX tickets_queue_category ON tickets (category, reported_at);" \
  "CREATE INDEX tickets_queue_board ON tickets (board, reported_at);" \
  "CREATE INDEX tickets_queue_urgency ON tickets (urgency, reported_at);" \
  "CREATE INDEX tickets_queue_state ON tickets (state, reported_at);" \
  "CREATE INDEX tickets_queue_evaluation ON tickets (evaluated_at, state, reported_at)" \
  "  WHERE evaluated_at IS NULL;"

const char _gw_db_queue_indexes_create[] = QUEUE_INDEXES;
const char _gw_db_queue_indexes_drop[] =
  "DROP INDEX tickets_queue_street; DROP INDEX tickets_queue_community;"
  "DROP INDEX tickets_queue_grid; DROP INDEX tickets_queue_category;"
  "DROP INDEX tickets_queue_board; DROP INDEX tickets_queue_urgency;"
  "DROP INDEX tickets_queue_state; DROP INDEX tickets_queue_evaluation;";

static const char schema_5[] =
  "DROP INDEX tickets_state;"
  QUEUE_INDEXES;

/* Version 6: the duty console's alarms and shift handovers. An alarm is raised once per
 * (ticket, kind, key) — the key is the stage's start for red and overdue, the supervise
 * count for a supervision notice, 0 for an emergency. ticket_id has no foreign key: a
 * seat replaces a ticket by deleting and inserting it, which must not take its alarms
 * along. alarm_watch holds where the last scan stopped (the change log's sequence and
 * the instant the lights were read at). The partial indexes let a scan find the clocks
 * that ran out among the open tickets only. */
static const char schema_6[] =
  "CREATE TABLE alarms ("
  "  id              INTEGER PRIMARY KEY,"
  "  ticket_id       INTEGER NOT NULL,"
  "  kind            TEXT NOT NULL,"                      /* emergency, red, overdue, supervise */
  "  key             INTEGER NOT NULL DEFAULT 0,"
  "  raised_at       INTEGER NOT NULL,"
  "  acknowledged_at INTEGER,"
  "  acknowledged_by TEXT,"
  "  UNIQUE (ticket_id, kind, key)"
  ");"
  "CREATE INDEX alarms_open ON alarms (raised_at, id) WHERE acknowledged_at IS NULL;"
  "CREATE TABLE alarm_watch ("
  "  id         INTEGER PRIMARY KEY CHECK (id = 1),"
  "  seq        INTEGER NOT NULL,"
  "  scanned_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX tickets_open_red ON tickets (red_at)"
  "  WHERE state NOT IN ('closed', 'rejected');"
  "CREATE INDEX tickets_open_deadline ON tickets (deadline_at)"
  "  WHERE state NOT IN ('closed', 'rejected');"
  "CREATE TABLE handovers ("
  "  id         INTEGER PRIMARY KEY,"
  "  outgoing   TEXT NOT NULL,"
  "  written_at INTEGER NOT NULL,"
  "  note       TEXT NOT NULL,"
  "  summary    TEXT NOT NULL,"                           /* JSON object of the counts */
  "  incoming   TEXT,"
  "  signed_at  INTEGER"
  ");"
  "CREATE INDEX handovers_written ON handovers (written_at);";

/* Version 7: drills. The drill log holds what a drill did — injections applied (with how
 * late, in real milliseconds), the world's actions, controller commands, what seats report
 * (cameras put on a wall) and what failed — each at its scenario instant. ticket_id has no
 * foreign key, as for alarms: a seat replaces tickets by deleting and inserting them. */
static const char schema_7[] =
  "CREATE TABLE drill_log ("
  "  id        INTEGER PRIMARY KEY,"
  "  at        INTEGER NOT NULL,"                         /* scenario instant, Unix seconds */
  "  kind      TEXT NOT NULL,"                            /* injection, world, control, seat, failed */
  "  ref       TEXT,"                                     /* injection id, action or command */
  "  ticket_id INTEGER,"
  "  actor     TEXT,"
  "  lag_ms    INTEGER NOT NULL DEFAULT 0,"
  "  payload   TEXT"                                      /* JSON object or NULL */
  ");"
  "CREATE INDEX drill_log_ref ON drill_log (ref);"
  "CREATE INDEX drill_log_ticket ON drill_log (ticket_id);";

const char *const _gw_db_migrations[GW_DB_SCHEMA_VERSION] = {
  schema_1,
  schema_2,
  schema_3,
  schema_4,
  schema_5,
  schema_6,
  schema_7,
};
