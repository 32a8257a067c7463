-- SIM cards (issue 3): operators' numbering, plans, batches as delivered, the cards, their
-- events, and per batch and state counters that the stock summary reads.

CREATE TABLE operator_profiles (
  organisation_id INTEGER PRIMARY KEY REFERENCES organisations (id),
  iccid_prefixes TEXT NOT NULL,        -- space-separated issuer prefixes, e.g. '893310'
  mobile_network_codes TEXT NOT NULL   -- space-separated MNCs under MCC 208, e.g. '09 10 11 13'
);

CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  operator_id INTEGER NOT NULL REFERENCES organisations (id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  data_gb INTEGER NOT NULL CHECK (data_gb >= 0),
  validity_days INTEGER NOT NULL CHECK (validity_days > 0),
  calls_sms_included INTEGER NOT NULL CHECK (calls_sms_included IN (0, 1)),
  unit_cost_cents INTEGER NOT NULL CHECK (unit_cost_cents >= 0),
  rechargeable INTEGER NOT NULL CHECK (rechargeable IN (0, 1)),
  created_at TEXT NOT NULL,
  UNIQUE (operator_id, code)
);

CREATE TABLE sim_batches (
  id INTEGER PRIMARY KEY,
  operator_id INTEGER NOT NULL REFERENCES organisations (id),
  plan_id INTEGER NOT NULL REFERENCES plans (id),
  reference TEXT NOT NULL,
  file_sha256 TEXT NOT NULL UNIQUE,
  quantity INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  received_by TEXT NOT NULL
);

CREATE TABLE sims (
  iccid TEXT PRIMARY KEY,
  msisdn TEXT NOT NULL UNIQUE,
  imsi TEXT,
  puk_sealed BLOB,  -- XChaCha20-Poly1305 with the installation's key; never the PUK in clear
  batch_id INTEGER NOT NULL REFERENCES sim_batches (id),
  state TEXT NOT NULL,
  holder_id INTEGER REFERENCES organisations (id),  -- NULL while in the programme's stock
  updated_at TEXT NOT NULL,
  data_used_mb INTEGER,   -- as last reported by the operator
  reported_at TEXT        -- date of the operator's last status report for this card
);
-- Cards out of the stock, by state: a batch arrives in stock without touching this index.
-- Queries for another state say "state <> 'in_stock'" too, so that they can use it.
CREATE INDEX sims_out_of_stock ON sims (state, iccid) WHERE state <> 'in_stock';

CREATE TABLE sim_events (
  id INTEGER PRIMARY KEY,
  iccid TEXT NOT NULL REFERENCES sims (iccid),
  at TEXT NOT NULL,
  actor_user_id INTEGER,
  actor TEXT NOT NULL,
  transition TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX sim_events_by_iccid ON sim_events (iccid, id);

-- How many cards of each batch are in each state, kept by every transition in the same
-- transaction: the summary of a million cards reads a few rows.
CREATE TABLE sim_state_counts (
  batch_id INTEGER NOT NULL REFERENCES sim_batches (id),
  state TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (batch_id, state)
);
