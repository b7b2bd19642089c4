-- The scheduling service reports each step of an on-site order's job
-- (RecordDispatchProgress): the job version last applied makes a redelivered
-- or late report act once, and a completed visit's repair record summary is
-- kept with the order.
ALTER TABLE repair_orders
  ADD COLUMN dispatch_version BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN visit_summary VARCHAR(1000) NOT NULL DEFAULT '';
