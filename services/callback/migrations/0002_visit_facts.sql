-- What reports and quality signals read of each visit (issue 11), who to
-- call, and the repair record as the agent reads it. Older tasks keep the
-- defaults: no milestones, no record, no complaint kind.
ALTER TABLE callback_tasks
  ADD COLUMN brand VARCHAR(64) NOT NULL DEFAULT '',
  ADD COLUMN category VARCHAR(64) NOT NULL DEFAULT '',
  ADD COLUMN serial VARCHAR(64) NOT NULL DEFAULT '',
  ADD COLUMN symptom_code VARCHAR(64) NOT NULL DEFAULT '',
  ADD COLUMN complaint_kind VARCHAR(16) NOT NULL DEFAULT 'NONE',
  ADD COLUMN received_at DATETIME(6) NULL,
  ADD COLUMN assigned_at DATETIME(6) NULL,
  ADD COLUMN arrived_at DATETIME(6) NULL,
  ADD COLUMN promised_by DATETIME(6) NULL,
  ADD COLUMN record_known BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN coverage VARCHAR(16) NOT NULL DEFAULT '',
  ADD COLUMN coverage_reason VARCHAR(500) NOT NULL DEFAULT '',
  ADD COLUMN customer_name VARCHAR(64) NOT NULL DEFAULT '',
  ADD COLUMN customer_phone VARCHAR(32) NOT NULL DEFAULT '',
  -- Monthly reports read the visits completed in a month.
  ADD KEY ix_callback_tasks_completed (completed_at);

-- The parts fitted and the fees charged on the visit's repair record, in
-- the record's order (seq from 1).
CREATE TABLE IF NOT EXISTS callback_record_parts (
  task_key VARCHAR(100) NOT NULL,
  seq INT NOT NULL,
  part_id VARCHAR(64) NOT NULL,
  serial VARCHAR(64) NOT NULL,
  quantity BIGINT NOT NULL,
  PRIMARY KEY (task_key, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS callback_record_fees (
  task_key VARCHAR(100) NOT NULL,
  seq INT NOT NULL,
  kind VARCHAR(16) NOT NULL,
  part_id VARCHAR(64) NOT NULL,
  amount_fen BIGINT NOT NULL,
  PRIMARY KEY (task_key, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
