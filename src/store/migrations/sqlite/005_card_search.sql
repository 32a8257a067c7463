-- Finding a card by the last digits of its ICCID or number without reading every card
-- (issue 9): an index of the last four digits of each, then the rest compared on those few.
CREATE INDEX sims_iccid_tail ON sims (substr(iccid, -4));
CREATE INDEX sims_msisdn_tail ON sims (substr(msisdn, -4));
