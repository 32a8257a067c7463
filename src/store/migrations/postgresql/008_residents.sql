-- Residents of a structure, their consents and the lines handed to them (issue 11). The
-- PostgreSQL twin of sqlite/008_residents.sql.
-- A resident is known by a pseudonym; the first name and contact number, when given, are sealed
-- (XChaCha20-Poly1305, bound to the row: see app/residents.cpp). No field for nationality, legal
-- status, religion, health, full name or identity documents (DESIGN.md rule 4). Erasure destroys
-- the sealed fields and keeps the row's counts for the reports (erased_at is set).
CREATE TABLE residents (
  id BIGINT PRIMARY KEY DEFAULT relais_next_id('residents'),
  pseudonym TEXT COLLATE "C" NOT NULL UNIQUE,
  structure_id BIGINT NOT NULL REFERENCES organisations (id),
  referral_id BIGINT UNIQUE REFERENCES referrals (id),
  household_size BIGINT NOT NULL CHECK (household_size BETWEEN 1 AND 20),
  children BIGINT NOT NULL CHECK (children BETWEEN 0 AND 19),
  languages TEXT COLLATE "C" NOT NULL,  -- 'ar fr'
  needs TEXT COLLATE "C" NOT NULL,      -- 'keep_in_touch job_search'
  first_name_sealed BYTEA,
  contact_sealed BYTEA,
  created_by TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  erased_at TEXT COLLATE "C"
);
CREATE INDEX residents_by_structure ON residents (structure_id, id);

-- A consent record after ISO/IEC TS 27560: one purpose each, the notice shown (version and
-- language), how it was collected, who recorded it (and witnessed it, for an oral consent),
-- when; its terms never change once given: only its status moves, given -> withdrawn or expired.
CREATE TABLE consents (
  id BIGINT PRIMARY KEY DEFAULT relais_next_id('consents'),
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  purpose TEXT COLLATE "C" NOT NULL,          -- line, follow_up, testimony
  method TEXT COLLATE "C" NOT NULL,           -- oral, written, electronic
  notice_version TEXT COLLATE "C" NOT NULL,
  notice_language TEXT COLLATE "C" NOT NULL,
  recorded_by BIGINT REFERENCES users (id),
  witness_user_id BIGINT REFERENCES users (id),
  given_at TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL,           -- given, withdrawn, expired
  status_at TEXT COLLATE "C",                 -- when it was withdrawn or expired
  status_by BIGINT REFERENCES users (id)
);
CREATE INDEX consents_by_resident ON consents (resident_id, id);
-- At most one consent in force per resident and purpose: two staff recording it at once, one wins.
CREATE UNIQUE INDEX consents_given ON consents (resident_id, purpose) WHERE status = 'given';

-- A line (a card, later a device or a voucher) handed to a resident for a programme.
CREATE TABLE handovers (
  id BIGINT PRIMARY KEY DEFAULT relais_next_id('handovers'),
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  iccid TEXT COLLATE "C" NOT NULL REFERENCES sims (iccid),
  programme_id BIGINT NOT NULL REFERENCES programmes (id),
  structure_id BIGINT NOT NULL REFERENCES organisations (id),
  handed_over_at TEXT COLLATE "C" NOT NULL,
  handed_over_by BIGINT REFERENCES users (id),
  ends_at TEXT COLLATE "C" NOT NULL,          -- the plan's validity from the handover, until activation says more
  replaces_id BIGINT REFERENCES handovers (id),
  taken_back_at TEXT COLLATE "C",
  taken_back_by BIGINT REFERENCES users (id),
  taken_back_reason TEXT COLLATE "C"          -- wrong_person, refused
);
CREATE INDEX handovers_by_resident ON handovers (resident_id, id);
-- One line in use per resident and programme; a card in one resident's hands at a time.
CREATE UNIQUE INDEX handovers_open_line ON handovers (resident_id, programme_id)
  WHERE taken_back_at IS NULL;
CREATE UNIQUE INDEX handovers_open_card ON handovers (iccid) WHERE taken_back_at IS NULL;

-- What the residents' leaflets print: the programme's helpline, the operator's access point name.
ALTER TABLE programmes ADD COLUMN helpline TEXT COLLATE "C";
ALTER TABLE operator_profiles ADD COLUMN apn TEXT COLLATE "C";
UPDATE operator_profiles SET apn = 'sl2sfr' WHERE iccid_prefixes LIKE '%893310%';
UPDATE operator_profiles SET apn = 'orange' WHERE iccid_prefixes LIKE '%893301%';
UPDATE operator_profiles SET apn = 'free' WHERE iccid_prefixes LIKE '%893315%';
UPDATE operator_profiles SET apn = 'mmsbouygtel.com' WHERE iccid_prefixes LIKE '%893320%';
