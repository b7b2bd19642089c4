-- A retried CreateRepairOrder must be the same request: the fingerprint of the
-- first request is kept with the order, and a different request under the same
-- request_id is refused. Orders from before this column have '' and are not
-- compared.
ALTER TABLE repair_orders
  ADD COLUMN request_fingerprint VARCHAR(32) NOT NULL DEFAULT '';

-- Audit reasons compose the caller's text (at most 1000 characters, the size of
-- resolution_note and follow_up_note) with who and when; the column leaves
-- room for that so a valid request never overflows it.
ALTER TABLE order_events
  MODIFY reason VARCHAR(1500) NOT NULL;
