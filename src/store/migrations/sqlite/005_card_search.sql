-- Finding a card by the last digits of its number without reading every card (issue 9): an
-- index of every number's last four digits, then the rest compared on those few. An ICCID is
-- scanned from its barcode, or typed whole or from its start (a range of the primary key); an
-- index of its last digits too would cost a million-card import a fifth more.
CREATE INDEX sims_msisdn_tail ON sims (substr(msisdn, -4));
