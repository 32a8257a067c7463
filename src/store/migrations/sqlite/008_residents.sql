-- Residents of a structure, their consents and the lines handed to them (issue 11).
-- A resident is known by a pseudonym; the first name and contact number, when given, are sealed
-- (XChaCha20-Poly1305, bound to the row: see app/residents.cpp). No field for nationality, legal
-- status, religion, health, full name or identity documents (DESIGN.md rule 4). Erasure destroys
-- the sealed fields and keeps the row's counts for the reports (erased_at is set).
CREATE TABLE residents (
  id INTEGER PRIMARY KEY,
  pseudonym TEXT NOT NULL UNIQUE,
  structure_id INTEGER NOT NULL REFERENCES organisations (id),
  referral_id INTEGER UNIQUE REFERENCES referrals (id),
  household_size INTEGER NOT NULL CHECK (household_size BETWEEN 1 AND 20),
  children INTEGER NOT NULL CHECK (children BETWEEN 0 AND 19),
  languages TEXT NOT NULL,  -- 'ar fr'
  needs TEXT NOT NULL,      -- 'keep_in_touch job_search'
  first_name_sealed BLOB,
  contact_sealed BLOB,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  erased_at TEXT
);
CREATE INDEX residents_by_structure ON residents (structure_id, id);

-- A consent record after ISO/IEC TS 27560: one purpose each, the notice shown (version and
-- language), how it was collected, who recorded it (and witnessed it, for an oral consent),
-- when; its terms never change once given: only its status moves, given -> withdrawn or expired.
CREATE TABLE consents (
  id INTEGER PRIMARY KEY,
  resident_id INTEGER NOT NULL REFERENCES residents (id),
  purpose TEXT NOT NULL,          -- line, follow_up, testimony
  method TEXT NOT NULL,           -- oral, written, electronic
  notice_version TEXT NOT NULL,
  notice_language TEXT NOT NULL,
  recorded_by INTEGER REFERENCES users (id),
  witness_user_id INTEGER REFERENCES users (id),
  given_at TEXT NOT NULL,
  status TEXT NOT NULL,           -- given, withdrawn, expired
  status_at TEXT,                 -- when it was withdrawn or expired
  status_by INTEGER REFERENCES users (id)
);
CREATE INDEX consents_by_resident ON consents (resident_id, id);
-- At most one consent in force per resident and purpose: two staff recording it at once, one wins.
CREATE UNIQUE INDEX consents_given ON consents (resident_id, purpose) WHERE status = 'given';

-- A line (a card, later a device or a voucher) handed to a resident for a programme.
CREATE TABLE handovers (
  id INTEGER PRIMARY KEY,
  resident_id INTEGER NOT NULL REFERENCES residents (id),
  iccid TEXT NOT NULL REFERENCES sims (iccid),
  programme_id INTEGER NOT NULL REFERENCES programmes (id),
  structure_id INTEGER NOT NULL REFERENCES organisations (id),
  handed_over_at TEXT NOT NULL,
  handed_over_by INTEGER REFERENCES users (id),
  ends_at TEXT NOT NULL,          -- the plan's validity from the handover, until activation says more
  replaces_id INTEGER REFERENCES handovers (id),
  taken_back_at TEXT,
  taken_back_by INTEGER REFERENCES users (id),
  taken_back_reason TEXT          -- wrong_person, refused
);
CREATE INDEX handovers_by_resident ON handovers (resident_id, id);
-- One line in use per resident and programme; a card in one resident's hands at a time.
CREATE UNIQUE INDEX handovers_open_line ON handovers (resident_id, programme_id)
  WHERE taken_back_at IS NULL;
CREATE UNIQUE INDEX handovers_open_card ON handovers (iccid) WHERE taken_back_at IS NULL;

-- What the residents' leaflets print: the programme's helpline, the operator's access point name.
ALTER TABLE programmes ADD COLUMN helpline TEXT;
ALTER TABLE operator_profiles ADD COLUMN apn TEXT;
UPDATE operator_profiles SET apn = 'sl2sfr' WHERE iccid_prefixes LIKE '%893310%';
UPDATE operator_profiles SET apn = 'orange' WHERE iccid_prefixes LIKE '%893301%';
UPDATE operator_profiles SET apn = 'free' WHERE iccid_prefixes LIKE '%893315%';
UPDATE operator_profiles SET apn = 'mmsbouygtel.com' WHERE iccid_prefixes LIKE '%893320%';
