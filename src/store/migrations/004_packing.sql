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
