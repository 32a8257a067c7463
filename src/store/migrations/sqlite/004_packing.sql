-- Packing (issue 5): one packing order per structure from an applied allocation, packed card by
-- card at the logistics partner's station, and the scans made there.

-- Its reference, printed on the documents, is made from the id ('CO-000012').
CREATE TABLE packing_orders (
  id INTEGER PRIMARY KEY,
  structure_id INTEGER NOT NULL REFERENCES organisations (id),
  logistics_id INTEGER NOT NULL REFERENCES organisations (id),
  leaflet_languages TEXT NOT NULL,         -- 'fr ar prs': the leaflets that go in the parcel
  state TEXT NOT NULL,                     -- open, packed (then the shipment's states)
  delivery_token TEXT NOT NULL UNIQUE,     -- in the packing list's QR code
  created_at TEXT NOT NULL,
  packed_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX packing_orders_by_logistics ON packing_orders (logistics_id, id);
CREATE INDEX packing_orders_by_structure ON packing_orders (structure_id, id);

-- The order a card is packed in (set when the order is made, kept for the card's history).
ALTER TABLE sims ADD COLUMN packing_order_id INTEGER REFERENCES packing_orders (id);
CREATE INDEX sims_by_packing_order ON sims (packing_order_id, state)
  WHERE packing_order_id IS NOT NULL;

-- Every scan at the station, good or wrong: what was read, what Relais answered.
CREATE TABLE packing_scans (
  id INTEGER PRIMARY KEY,
  packing_order_id INTEGER NOT NULL REFERENCES packing_orders (id),
  scanned TEXT NOT NULL,     -- as read (a scanner may add the F filler)
  iccid TEXT,                -- canonical, when it is one
  outcome TEXT NOT NULL,     -- packed, or the problem code of a wrong scan
  actor TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX packing_scans_by_order ON packing_scans (packing_order_id, id);

-- Carriers and their tracking page ("{tracking}" is replaced by the number).
CREATE TABLE carriers (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  tracking_url TEXT NOT NULL
);

-- A shipment carries closed parcels: prepared, shipped (cards in transit), then delivered when
-- the structures have confirmed every parcel, or lost, or returned to the sender.
CREATE TABLE shipments (
  id INTEGER PRIMARY KEY,
  carrier TEXT NOT NULL REFERENCES carriers (code),
  tracking_number TEXT NOT NULL,
  logistics_id INTEGER NOT NULL REFERENCES organisations (id),
  state TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  shipped_at TEXT,
  closed_at TEXT,   -- delivered, lost or returned
  updated_at TEXT NOT NULL
);
CREATE INDEX shipments_by_logistics ON shipments (logistics_id, id);

ALTER TABLE packing_orders ADD COLUMN shipment_id INTEGER REFERENCES shipments (id);
ALTER TABLE packing_orders ADD COLUMN delivered_at TEXT;
ALTER TABLE packing_orders ADD COLUMN delivered_by TEXT;
CREATE INDEX packing_orders_by_shipment ON packing_orders (shipment_id) WHERE shipment_id IS NOT NULL;

-- What a delivery check found: a card sent but not received (missing: it becomes lost once the
-- coordinator has reviewed it, or at_structure if found), or a card received but not sent
-- (unexpected: flagged for the coordinator).
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('missing_sim', 'unexpected_sim')),
  iccid TEXT NOT NULL,
  packing_order_id INTEGER NOT NULL REFERENCES packing_orders (id),
  structure_id INTEGER NOT NULL REFERENCES organisations (id),
  state TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
  resolution TEXT,   -- lost, found, set_aside
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  resolved_by TEXT,
  resolved_at TEXT
);
CREATE INDEX incidents_by_state ON incidents (state, id);
CREATE INDEX incidents_by_structure ON incidents (structure_id, id);

-- The carriers the programme starts with; the coordinator edits them (PUT /carriers/{code}).
INSERT INTO carriers (code, name, tracking_url) VALUES
  ('COLISSIMO', 'La Poste Colissimo',
   'https://www.laposte.fr/outils/suivre-vos-envois?code={tracking}'),
  ('CHRONOPOST', 'Chronopost',
   'https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={tracking}'),
  ('DHL', 'DHL', 'https://www.dhl.com/fr-fr/home/suivi.html?tracking-id={tracking}');
