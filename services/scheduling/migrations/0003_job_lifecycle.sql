-- A job's life after the queue: the technician it is with, the planned
-- visit and the appointment, the steps the app reports, and the facts the
-- technician needs (the customer's contact, what the visit may charge).
-- `queued` stays (the queue index) and always equals step = 'QUEUED'.

ALTER TABLE dispatch_jobs
  ADD COLUMN step VARCHAR(24) NOT NULL DEFAULT 'QUEUED',
  ADD COLUMN version BIGINT NOT NULL DEFAULT 1,
  ADD COLUMN technician_id VARCHAR(64) NULL,
  ADD COLUMN accepted BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN visit_start DATETIME(6) NULL,
  ADD COLUMN visit_end DATETIME(6) NULL,
  ADD COLUMN appointment_start DATETIME(6) NULL,
  ADD COLUMN appointment_end DATETIME(6) NULL,
  ADD COLUMN missed_start DATETIME(6) NULL,
  ADD COLUMN missed_end DATETIME(6) NULL,
  ADD COLUMN eta DATETIME(6) NULL,
  ADD COLUMN step_reason VARCHAR(1024) NOT NULL DEFAULT '',
  ADD COLUMN overridden_rules VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN override_reason VARCHAR(1024) NOT NULL DEFAULT '',
  ADD COLUMN step_time DATETIME(6) NULL,
  ADD COLUMN customer_name VARCHAR(128) NOT NULL DEFAULT '',
  ADD COLUMN customer_phone VARCHAR(32) NOT NULL DEFAULT '',
  ADD COLUMN customer_address VARCHAR(512) NOT NULL DEFAULT '',
  ADD COLUMN model VARCHAR(128) NOT NULL DEFAULT '',
  ADD COLUMN fault_description VARCHAR(2048) NOT NULL DEFAULT '',
  ADD COLUMN charges_decided BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN charges_free BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN labour_fen BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN part_fen BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN part_priced BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN callout_fen BIGINT NOT NULL DEFAULT 0,
  ADD KEY ix_dispatch_jobs_technician_visits (technician_id, visit_start);

-- Each technician's changes in order: `seq` counts from 1 per technician
-- without gaps, allocated from job_feed_heads in the change's transaction
-- (which holds that row's lock until it commits), so a stream that resumes
-- after the last seq it got loses and repeats nothing. `snapshot` is the job
-- as the change left it (TechnicianJob, without the customer). Entries past
-- the retention are purged; the heads are never, so a seq is never reused.
CREATE TABLE IF NOT EXISTS job_feed (
  technician_id VARCHAR(64) NOT NULL,
  seq BIGINT NOT NULL,
  order_number VARCHAR(64) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  job_version BIGINT NOT NULL,
  snapshot BLOB NOT NULL,
  change_time DATETIME(6) NOT NULL,
  PRIMARY KEY (technician_id, seq),
  KEY ix_job_feed_order (technician_id, order_number),
  KEY ix_job_feed_age (change_time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS job_feed_heads (
  technician_id VARCHAR(64) NOT NULL,
  last_seq BIGINT NOT NULL,
  PRIMARY KEY (technician_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The app's operations already done: a replay of the same id acts once.
CREATE TABLE IF NOT EXISTS app_operations (
  technician_id VARCHAR(64) NOT NULL,
  operation_id VARCHAR(64) NOT NULL,
  request_hash BIGINT NOT NULL,  -- the 64-bit fingerprint, stored as signed
  order_number VARCHAR(64) NOT NULL,
  done_at DATETIME(6) NOT NULL,
  PRIMARY KEY (technician_id, operation_id),
  KEY ix_app_operations_age (done_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The repair record of each completed visit (售后维修记录), as the app sent
-- it (RepairRecord, signature included).
CREATE TABLE IF NOT EXISTS repair_records (
  order_number VARCHAR(64) NOT NULL,
  technician_id VARCHAR(64) NOT NULL,
  record MEDIUMBLOB NOT NULL,
  signature_sha256 CHAR(64) NOT NULL,
  summary VARCHAR(2048) NOT NULL,
  completed_at DATETIME(6) NOT NULL,
  PRIMARY KEY (order_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Where each technician last was, by the phone's fix.
CREATE TABLE IF NOT EXISTS technician_positions (
  technician_id VARCHAR(64) NOT NULL,
  latitude DOUBLE NOT NULL,
  longitude DOUBLE NOT NULL,
  fix_time DATETIME(6) NOT NULL,
  PRIMARY KEY (technician_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Messages owed to the orders service (services/common/outbox.h; the DDL of
-- services/orders/migrations 0003, 0020 and 0030).
CREATE TABLE IF NOT EXISTS outbox (
  id BIGINT NOT NULL AUTO_INCREMENT,
  message_id CHAR(36) NOT NULL,
  topic VARCHAR(64) NOT NULL,
  payload MEDIUMBLOB NOT NULL,
  created_at DATETIME(6) NOT NULL,
  attempts INT NOT NULL,
  next_attempt_at DATETIME(6) NOT NULL,
  leased_by VARCHAR(255) NULL,
  lease_until DATETIME(6) NULL,
  delivered_at DATETIME(6) NULL,
  failed_at DATETIME(6) NULL,
  last_error VARCHAR(500) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_outbox_message (message_id),
  KEY ix_outbox_due (delivered_at, failed_at, next_attempt_at),
  KEY ix_outbox_leased (leased_by, lease_until)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
