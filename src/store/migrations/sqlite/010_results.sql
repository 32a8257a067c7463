-- Results for the funder (issue 13): a programme's budget lines and funders, the carriers'
-- price per parcel (shipping is counted from what was shipped), what IATI needs to name the
-- programme and who reports it, and the read-only share links of the results page.

ALTER TABLE programmes ADD COLUMN target_people INTEGER CHECK (target_people > 0);
ALTER TABLE programmes ADD COLUMN starts_on TEXT;         -- YYYY-MM-DD
ALTER TABLE programmes ADD COLUMN ends_on TEXT;           -- YYYY-MM-DD
ALTER TABLE programmes ADD COLUMN iati_identifier TEXT;   -- the reporting organisation's ref, '-', its own
ALTER TABLE programmes ADD COLUMN iati_org_ref TEXT;    -- the reporting organisation's IATI identifier
ALTER TABLE carriers ADD COLUMN parcel_price_cents INTEGER NOT NULL DEFAULT 0
  CHECK (parcel_price_cents >= 0);
-- What each parcel of a shipment cost when it was shipped (its carrier's price then; NULL for
-- the shipments of before, counted at their carrier's price).
ALTER TABLE shipments ADD COLUMN parcel_price_cents INTEGER;

-- What each part of the programme may cost. The top-ups' line is programmes.topup_budget_cents.
-- `spent_cents` is entered by hand for what Relais does not see happen (devices, training,
-- coordination); cards, top-ups and shipping are counted from what happened.
CREATE TABLE budget_lines (
  programme_id INTEGER NOT NULL REFERENCES programmes (id),
  category TEXT NOT NULL,   -- cards, shipping, devices, training, coordination
  budget_cents INTEGER NOT NULL CHECK (budget_cents >= 0),
  spent_cents INTEGER CHECK (spent_cents >= 0),
  PRIMARY KEY (programme_id, category)
);

-- Who pays: a share of the programme (or of one budget line), or an amount.
CREATE TABLE programme_funders (
  id INTEGER PRIMARY KEY,
  programme_id INTEGER NOT NULL REFERENCES programmes (id),
  name TEXT NOT NULL,
  iati_ref TEXT,
  category TEXT,            -- NULL: the whole programme
  share_bp INTEGER CHECK (share_bp BETWEEN 1 AND 10000),  -- basis points
  amount_cents INTEGER CHECK (amount_cents >= 0),
  CHECK ((share_bp IS NULL) <> (amount_cents IS NULL))
);
CREATE INDEX programme_funders_by_programme ON programme_funders (programme_id, id);

-- A read-only link to a programme's public results page (aggregates only), until it expires or
-- is revoked. Only the token's SHA-256 is kept.
CREATE TABLE share_links (
  id INTEGER PRIMARY KEY,
  programme_id INTEGER NOT NULL REFERENCES programmes (id),
  token_sha256 TEXT NOT NULL UNIQUE,
  expires_at TEXT NOT NULL,
  created_by INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX share_links_by_programme ON share_links (programme_id, id);
