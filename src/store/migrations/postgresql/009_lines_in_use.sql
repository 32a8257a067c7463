-- Lines in use (issue 12): the PostgreSQL twin of sqlite/009_lines_in_use.sql.
-- Activation and end dates, top-ups within a budget, lost and stolen lines with their block and
-- replacement, follow-up surveys, usage per month, to-do lists.

-- A card may arrive without its number (a SIM vendor's output file seldom has one): the
-- operator's activation report gives it.
ALTER TABLE sims ALTER COLUMN msisdn DROP NOT NULL;

-- The operator's activation date; ends_at then runs from it (plan validity, then each top-up).
ALTER TABLE handovers ADD COLUMN activated_at TEXT COLLATE "C";
CREATE INDEX handovers_open_by_structure ON handovers (structure_id, id)
  WHERE taken_back_at IS NULL;

-- What a programme pays for its lines once handed over, and how it follows them up.
ALTER TABLE programmes ADD COLUMN topup_budget_cents BIGINT;  -- NULL: no top-up
ALTER TABLE programmes ADD COLUMN follow_up_days BIGINT NOT NULL DEFAULT 30;
ALTER TABLE programmes ADD COLUMN follow_up_questions TEXT COLLATE "C";    -- JSON; NULL: the standard survey

-- A top-up of a line: asked by its structure (or scheduled by the coordinator), approved within
-- the programme's budget, sent to the operator, confirmed by its status report.
CREATE TABLE topups (
  id BIGINT PRIMARY KEY DEFAULT relais_next_id('topups'),
  handover_id BIGINT NOT NULL REFERENCES handovers (id),
  iccid TEXT COLLATE "C" NOT NULL REFERENCES sims (iccid),
  programme_id BIGINT NOT NULL REFERENCES programmes (id),
  structure_id BIGINT NOT NULL REFERENCES organisations (id),
  operator_id BIGINT NOT NULL REFERENCES organisations (id),
  cost_cents BIGINT NOT NULL CHECK (cost_cents >= 0),  -- the plan's price when asked
  validity_days BIGINT NOT NULL,                      -- the plan's validity when asked
  status TEXT COLLATE "C" NOT NULL,                                -- requested, approved, confirmed, refused
  requested_at TEXT COLLATE "C" NOT NULL,
  requested_by BIGINT REFERENCES users (id),
  decided_at TEXT COLLATE "C",
  decided_by BIGINT REFERENCES users (id),
  confirmed_at TEXT COLLATE "C"                                    -- the date of the operator's report
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
  id BIGINT PRIMARY KEY DEFAULT relais_next_id('line_incidents'),
  handover_id BIGINT NOT NULL REFERENCES handovers (id),
  iccid TEXT COLLATE "C" NOT NULL REFERENCES sims (iccid),
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  structure_id BIGINT NOT NULL REFERENCES organisations (id),
  operator_id BIGINT NOT NULL REFERENCES organisations (id),
  kind TEXT COLLATE "C" NOT NULL,           -- lost, stolen, defective
  status TEXT COLLATE "C" NOT NULL,         -- declared, block_requested, blocked, swap_requested, replaced
  declared_at TEXT COLLATE "C" NOT NULL,
  declared_by BIGINT REFERENCES users (id),
  block_requested_at TEXT COLLATE "C",
  block_requested_by BIGINT REFERENCES users (id),
  blocked_at TEXT COLLATE "C",              -- the date of the operator's report
  replacement_mode TEXT COLLATE "C",        -- keep_number, new_line
  replacement_iccid TEXT COLLATE "C" REFERENCES sims (iccid),
  replacement_handover_id BIGINT REFERENCES handovers (id),
  replaced_at TEXT COLLATE "C",
  replaced_by BIGINT REFERENCES users (id),
  swapped_at TEXT COLLATE "C"               -- the date of the operator's report, for a swap
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
  id BIGINT PRIMARY KEY DEFAULT relais_next_id('follow_ups'),
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  handover_id BIGINT NOT NULL UNIQUE REFERENCES handovers (id),
  structure_id BIGINT NOT NULL REFERENCES organisations (id),
  programme_id BIGINT NOT NULL REFERENCES programmes (id),
  recorded_at TEXT COLLATE "C" NOT NULL,
  recorded_by BIGINT REFERENCES users (id),
  language TEXT COLLATE "C" NOT NULL,       -- the language it was asked in
  answers TEXT COLLATE "C" NOT NULL,        -- JSON: question id -> answer
  uses TEXT COLLATE "C" NOT NULL,           -- 'family job_search'
  still_used BIGINT,           -- 1, 0, or NULL when not asked
  satisfaction BIGINT CHECK (satisfaction BETWEEN 1 AND 5),
  testimony TEXT COLLATE "C"                -- anonymous; only with the consent to publish, cleared with it
);
CREATE INDEX follow_ups_by_programme ON follow_ups (programme_id, id);

-- Data used per line and month, from the operator's status reports (the largest figure
-- reported in the month).
CREATE TABLE line_usage (
  iccid TEXT COLLATE "C" NOT NULL REFERENCES sims (iccid),
  month TEXT COLLATE "C" NOT NULL,          -- 'YYYY-MM'
  data_used_mb BIGINT NOT NULL CHECK (data_used_mb >= 0),
  PRIMARY KEY (iccid, month)
);

-- Each structure's to-do list, built by the server's daily job and kept fresh by the writes
-- that settle an item.
CREATE TABLE todo_items (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,  -- rebuilt every day: a sequence
  structure_id BIGINT NOT NULL REFERENCES organisations (id),
  kind TEXT COLLATE "C" NOT NULL,           -- activation_late, line_ending, follow_up_due, incident_waiting
  resident_id BIGINT REFERENCES residents (id),
  handover_id BIGINT REFERENCES handovers (id),
  incident_id BIGINT REFERENCES line_incidents (id),
  iccid TEXT COLLATE "C",
  due_at TEXT COLLATE "C" NOT NULL,         -- since when it is due (the line's end, for line_ending)
  detail TEXT COLLATE "C" NOT NULL,         -- the incident's status; the line's end; '' otherwise
  built_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX todo_items_by_structure ON todo_items (structure_id, kind, due_at);
CREATE INDEX todo_items_by_resident ON todo_items (resident_id);
