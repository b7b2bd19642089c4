-- The visit whose callback (回访) gave up without reaching the customer
-- (RecordCallbackOutcome UNREACHABLE); 0: none.
ALTER TABLE repair_orders
  ADD COLUMN callback_unreachable_visit BIGINT NOT NULL DEFAULT 0;
