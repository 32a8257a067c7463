-- Results for the funder (issue 13): the PostgreSQL twin of sqlite/010_results.sql; a programme's budget lines and funders, the carriers'
-- price per parcel (shipping is counted from what was shipped), what IATI needs to name the
-- programme and who reports it, and the read-only share links of the results page.

ALTER TABLE programmes ADD COLUMN target_people BIGINT CHECK (target_people > 0);
ALTER TABLE programmes ADD COLUMN starts_on TEXT COLLATE "C";         -- YYYY-MM-DD
ALTER TABLE programmes ADD COLUMN ends_on TEXT COLLATE "C";           -- YYYY-MM-DD
ALTER TABLE programmes ADD COLUMN iati_identifier TEXT COLLATE "C";   -- the reporting organisation's ref, '-', its own
ALTER TABLE programmes ADD COLUMN iati_org_ref TEXT COLLATE "C";    -- the reporting organisation's IATI identifier
ALTER TABLE carriers ADD COLUMN parcel_price_cents BIGINT NOT NULL DEFAULT 0
  CHECK (parcel_price_cents >= 0);
-- What each parcel of a shipment cost when it was shipped (its carrier's price then; NULL for
-- the shipments of before, counted at their carrier's price).
ALTER TABLE shipments ADD COLUMN parcel_price_cents BIGINT;

-- What each part of the programme may cost. The top-ups' line is programmes.topup_budget_cents.
-- `spent_cents` is entered by hand for what Relais does not see happen (devices, training,
-- coordination); cards, top-ups and shipping are counted from what happened.
CREATE TABLE budget_lines (
  programme_id BIGINT NOT NULL REFERENCES programmes (id),
  category TEXT COLLATE "C" NOT NULL,   -- cards, shipping, devices, training, coordination
  budget_cents BIGINT NOT NULL CHECK (budget_cents >= 0),
  spent_cents BIGINT CHECK (spent_cents >= 0),
  PRIMARY KEY (programme_id, category)
);

-- Who pays: a share of the programme (or of one budget line), or an amount.
CREATE TABLE programme_funders (
  id BIGINT PRIMARY KEY DEFAULT relais_next_id('programme_funders'),
  programme_id BIGINT NOT NULL REFERENCES programmes (id),
  name TEXT COLLATE "C" NOT NULL,
  iati_ref TEXT COLLATE "C",
  category TEXT COLLATE "C",            -- NULL: the whole programme
  share_bp BIGINT CHECK (share_bp BETWEEN 1 AND 10000),  -- basis points
  amount_cents BIGINT CHECK (amount_cents >= 0),
  CHECK ((share_bp IS NULL) <> (amount_cents IS NULL))
);
CREATE INDEX programme_funders_by_programme ON programme_funders (programme_id, id);

-- A read-only link to a programme's public results page (aggregates only), until it expires or
-- is revoked. Only the token's SHA-256 is kept.
CREATE TABLE share_links (
  id BIGINT PRIMARY KEY DEFAULT relais_next_id('share_links'),
  programme_id BIGINT NOT NULL REFERENCES programmes (id),
  token_sha256 TEXT COLLATE "C" NOT NULL UNIQUE,
  expires_at TEXT COLLATE "C" NOT NULL,
  created_by BIGINT REFERENCES users (id),
  created_at TEXT COLLATE "C" NOT NULL,
  revoked_at TEXT COLLATE "C"
);
CREATE INDEX share_links_by_programme ON share_links (programme_id, id);
