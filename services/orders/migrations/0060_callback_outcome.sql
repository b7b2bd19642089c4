-- The callback (回访) of each visit (callback_outcome.h): the visit reported
-- to the callback service, which then awaits its callback, and the visit
-- whose callback gave up without reaching the customer; 0: none.
ALTER TABLE repair_orders
  ADD COLUMN callback_reported_visit BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN callback_unreachable_visit BIGINT NOT NULL DEFAULT 0;
