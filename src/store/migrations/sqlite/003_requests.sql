-- Needs, requests and allocation (issue 4): programmes, associations' referrals, structures'
-- requests with their events, and the request a reserved card is set aside for.

-- A programme hands out the cards of one plan (Connexion d'Urgence 2020: SFR's CU-2020).
CREATE TABLE programmes (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  plan_id INTEGER NOT NULL REFERENCES plans (id),
  created_at TEXT NOT NULL
);

CREATE TABLE requests (
  id INTEGER PRIMARY KEY,
  programme_id INTEGER NOT NULL REFERENCES programmes (id),
  structure_id INTEGER NOT NULL REFERENCES organisations (id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  needs TEXT NOT NULL,              -- 'keep_in_touch:12 job_search:3': people per need
  leaflet_languages TEXT NOT NULL,  -- 'fr ar prs'
  comment TEXT NOT NULL,
  state TEXT NOT NULL,
  approved_quantity INTEGER,        -- what the coordinator approved: all, or part by hand
  allocated INTEGER,                -- cards reserved by the allocation that served it
  decision_reason TEXT,             -- why rejected (required) or partially approved
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  submitted_at TEXT,                -- the allocation's last tie-break: earlier first
  updated_at TEXT NOT NULL
);
CREATE INDEX requests_by_state ON requests (state, id);
CREATE INDEX requests_by_structure ON requests (structure_id, id);

CREATE TABLE request_events (
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES requests (id),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  transition TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX request_events_by_request ON request_events (request_id, id);

-- A person in need, known only by the pseudonym Relais issued: no name, nationality, legal
-- status or health field. The note is sealed like the PUKs (DESIGN.md rule 4).
CREATE TABLE referrals (
  id INTEGER PRIMARY KEY,
  pseudonym TEXT NOT NULL UNIQUE,
  association_id INTEGER NOT NULL REFERENCES organisations (id),
  structure_id INTEGER NOT NULL REFERENCES organisations (id),
  adults INTEGER NOT NULL CHECK (adults BETWEEN 1 AND 20),
  children INTEGER NOT NULL CHECK (children BETWEEN 0 AND 20),
  languages TEXT NOT NULL,  -- 'ar fr'
  needs TEXT NOT NULL,      -- 'keep_in_touch job_search'
  note_sealed BLOB,
  status TEXT NOT NULL,
  request_id INTEGER REFERENCES requests (id),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX referrals_by_association ON referrals (association_id, id);
CREATE INDEX referrals_by_structure ON referrals (structure_id, id);
CREATE INDEX referrals_by_request ON referrals (request_id) WHERE request_id IS NOT NULL;

-- The request a reserved (then packed, shipped...) card was set aside for.
ALTER TABLE sims ADD COLUMN request_id INTEGER REFERENCES requests (id);
CREATE INDEX sims_by_request ON sims (request_id, state) WHERE request_id IS NOT NULL;
-- What a structure holds, for its capacity.
CREATE INDEX sims_by_holder ON sims (holder_id, state) WHERE holder_id IS NOT NULL;
