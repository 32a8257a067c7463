-- foreign keys off: this migration rebuilds sims (see SqlStore::migrate).
-- Lines in use (issue 12): activation and end dates, top-ups within a budget, lost and stolen
-- lines with their block and replacement, follow-up surveys, usage per month, to-do lists.

-- A card may arrive without its number (a SIM vendor's output file seldom has one): the
-- operator's activation report gives it. SQLite cannot drop a NOT NULL in place: the table is
-- built again, with the same columns and indexes.
CREATE TABLE sims_rebuilt (
  iccid TEXT PRIMARY KEY,
  msisdn TEXT UNIQUE,  -- NULL until the operator gives it
  imsi TEXT,
  puk_sealed BLOB,  -- XChaCha20-Poly1305 with the installation's key; never the PUK in clear
  batch_id INTEGER NOT NULL REFERENCES sim_batches (id),
  state TEXT NOT NULL,
  holder_id INTEGER REFERENCES organisations (id),  -- NULL while in the programme's stock
  updated_at TEXT NOT NULL,
  data_used_mb INTEGER,   -- as last reported by the operator
  reported_at TEXT,       -- date of the operator's last status report for this card
  request_id INTEGER REFERENCES requests (id),
  packing_order_id INTEGER REFERENCES packing_orders (id)
);
INSERT INTO sims_rebuilt (rowid, iccid, msisdn, imsi, puk_sealed, batch_id, state, holder_id,
                          updated_at, data_used_mb, reported_at, request_id, packing_order_id)
  SELECT rowid, iccid, msisdn, imsi, puk_sealed, batch_id, state, holder_id, updated_at,
         data_used_mb, reported_at, request_id, packing_order_id FROM sims;
DROP TABLE sims;
ALTER TABLE sims_rebuilt RENAME TO sims;
CREATE INDEX sims_out_of_stock ON sims (state, iccid) WHERE state <> 'in_stock';
CREATE INDEX sims_by_request ON sims (request_id, state) WHERE request_id IS NOT NULL;
CREATE INDEX sims_by_holder ON sims (holder_id, state) WHERE holder_id IS NOT NULL;
CREATE INDEX sims_by_packing_order ON sims (packing_order_id, state)
  WHERE packing_order_id IS NOT NULL;
CREATE INDEX sims_msisdn_tail ON sims (substr(msisdn, -4)) WHERE state <> 'in_stock';

-- The operator's activation date; ends_at then runs from it (plan validity, then each top-up).
ALTER TABLE handovers ADD COLUMN activated_at TEXT;
CREATE INDEX handovers_open_by_structure ON handovers (structure_id, id)
  WHERE taken_back_at IS NULL;

-- What a programme pays for its lines once handed over, and how it follows them up.
ALTER TABLE programmes ADD COLUMN topup_budget_cents INTEGER;  -- NULL: no top-up
ALTER TABLE programmes ADD COLUMN follow_up_days INTEGER NOT NULL DEFAULT 30;
ALTER TABLE programmes ADD COLUMN follow_up_questions TEXT;    -- JSON; NULL: the standard survey

-- A top-up of a line: asked by its structure (or scheduled by the coordinator), approved within
-- the programme's budget, sent to the operator, confirmed by its status report.
CREATE TABLE topups (
  id INTEGER PRIMARY KEY,
  handover_id INTEGER NOT NULL REFERENCES handovers (id),
  iccid TEXT NOT NULL REFERENCES sims (iccid),
  programme_id INTEGER NOT NULL REFERENCES programmes (id),
  structure_id INTEGER NOT NULL REFERENCES organisations (id),
  operator_id INTEGER NOT NULL REFERENCES organisations (id),
  cost_cents INTEGER NOT NULL CHECK (cost_cents >= 0),  -- the plan's price when asked
  validity_days INTEGER NOT NULL,                      -- the plan's validity when asked
  status TEXT NOT NULL,                                -- requested, approved, confirmed, refused
  requested_at TEXT NOT NULL,
  requested_by INTEGER REFERENCES users (id),
  decided_at TEXT,
  decided_by INTEGER REFERENCES users (id),
  confirmed_at TEXT                                    -- the date of the operator's report
);
CREATE INDEX topups_by_programme ON topups (programme_id, status);
CREATE INDEX topups_by_iccid ON topups (iccid, id);
CREATE INDEX topups_by_structure ON topups (structure_id, id);
CREATE INDEX topups_sent ON topups (operator_id, id) WHERE status = 'approved';
-- One top-up under way per line: asked twice at once, one wins.
CREATE UNIQUE INDEX topups_one_under_way ON topups (handover_id)
  WHERE status IN ('requested', 'approved');

-- A line lost, stolen or defective: declared by the structure, blocked at the coordinator's
-- request by the operator, then replaced (a SIM swap keeping the number, or a new line).
CREATE TABLE line_incidents (
  id INTEGER PRIMARY KEY,
  handover_id INTEGER NOT NULL REFERENCES handovers (id),
  iccid TEXT NOT NULL REFERENCES sims (iccid),
  resident_id INTEGER NOT NULL REFERENCES residents (id),
  structure_id INTEGER NOT NULL REFERENCES organisations (id),
  operator_id INTEGER NOT NULL REFERENCES organisations (id),
  kind TEXT NOT NULL,           -- lost, stolen, defective
  status TEXT NOT NULL,         -- declared, block_requested, blocked, swap_requested, replaced
  declared_at TEXT NOT NULL,
  declared_by INTEGER REFERENCES users (id),
  block_requested_at TEXT,
  block_requested_by INTEGER REFERENCES users (id),
  blocked_at TEXT,              -- the date of the operator's report
  replacement_mode TEXT,        -- keep_number, new_line
  replacement_iccid TEXT REFERENCES sims (iccid),
  replacement_handover_id INTEGER REFERENCES handovers (id),
  replaced_at TEXT,
  replaced_by INTEGER REFERENCES users (id),
  swapped_at TEXT               -- the date of the operator's report, for a swap
);
CREATE UNIQUE INDEX line_incidents_one_open ON line_incidents (handover_id)
  WHERE status <> 'replaced';
CREATE INDEX line_incidents_by_structure ON line_incidents (structure_id, id);
CREATE INDEX line_incidents_by_status ON line_incidents (operator_id, status, id);
CREATE INDEX line_incidents_by_iccid ON line_incidents (iccid);
CREATE INDEX line_incidents_by_resident ON line_incidents (resident_id);
CREATE INDEX line_incidents_by_replacement ON line_incidents (replacement_iccid)
  WHERE replacement_iccid IS NOT NULL;

-- What a line changed, asked some days after the handover of residents who consented to it.
-- The questions are the programme's; the answers the results count are kept in columns too.
CREATE TABLE follow_ups (
  id INTEGER PRIMARY KEY,
  resident_id INTEGER NOT NULL REFERENCES residents (id),
  handover_id INTEGER NOT NULL UNIQUE REFERENCES handovers (id),
  structure_id INTEGER NOT NULL REFERENCES organisations (id),
  programme_id INTEGER NOT NULL REFERENCES programmes (id),
  recorded_at TEXT NOT NULL,
  recorded_by INTEGER REFERENCES users (id),
  language TEXT NOT NULL,       -- the language it was asked in
  answers TEXT NOT NULL,        -- JSON: question id -> answer
  uses TEXT NOT NULL,           -- 'family job_search'
  still_used INTEGER,           -- 1, 0, or NULL when not asked
  satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
  testimony TEXT                -- anonymous; only with the consent to publish, cleared with it
);
CREATE INDEX follow_ups_by_programme ON follow_ups (programme_id, id);

-- Data used per line and month, from the operator's status reports (the largest figure
-- reported in the month).
CREATE TABLE line_usage (
  iccid TEXT NOT NULL REFERENCES sims (iccid),
  month TEXT NOT NULL,          -- 'YYYY-MM'
  data_used_mb INTEGER NOT NULL CHECK (data_used_mb >= 0),
  PRIMARY KEY (iccid, month)
);

-- Each structure's to-do list, built by the server's daily job and kept fresh by the writes
-- that settle an item.
CREATE TABLE todo_items (
  id INTEGER PRIMARY KEY,
  structure_id INTEGER NOT NULL REFERENCES organisations (id),
  kind TEXT NOT NULL,           -- activation_late, line_ending, follow_up_due, incident_waiting
  resident_id INTEGER REFERENCES residents (id),
  handover_id INTEGER REFERENCES handovers (id),
  incident_id INTEGER REFERENCES line_incidents (id),
  iccid TEXT,
  due_at TEXT NOT NULL,         -- since when it is due (the line's end, for line_ending)
  detail TEXT NOT NULL,         -- the incident's status; the line's end; '' otherwise
  built_at TEXT NOT NULL
);
CREATE INDEX todo_items_by_structure ON todo_items (structure_id, kind, due_at);
CREATE INDEX todo_items_by_resident ON todo_items (resident_id);
