-- The outstanding 三包 request of an order (the outbox message id): only the
-- answer to it is recorded, so a late answer to a superseded request is not.

ALTER TABLE repair_orders
  ADD COLUMN warranty_request_id VARCHAR(64) NOT NULL DEFAULT '';
