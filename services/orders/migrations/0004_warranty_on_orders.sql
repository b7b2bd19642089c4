-- The order's 三包 decision as the warranty service answered it.

ALTER TABLE repair_orders
  ADD COLUMN warranty_state VARCHAR(24) NOT NULL DEFAULT 'not_requested',
  ADD COLUMN warranty_decision VARCHAR(64) NOT NULL DEFAULT '',
  ADD COLUMN warranty_coverage VARCHAR(16) NOT NULL DEFAULT '',
  ADD COLUMN warranty_summary VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN warranty_decided_at DATETIME(6) NULL,
  ADD COLUMN warranty_problem VARCHAR(1000) NOT NULL DEFAULT '';
