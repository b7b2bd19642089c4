-- The quality signals (issue 11; domain/quality_signals.h): the sales
-- figures, a fault report per completed visit, and the quality information
-- sheets (质量信息单) with their steps.

-- One row per model reported or imported: the lock that makes a model's
-- reports and imports count one after the other.
CREATE TABLE IF NOT EXISTS quality_models (
  model VARCHAR(64) NOT NULL,
  reports BIGINT NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (model)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Units sold per model and batch, and the serial prefix naming the batch's
-- units (domain/quality_sales.h).
CREATE TABLE IF NOT EXISTS quality_sales (
  model VARCHAR(64) NOT NULL,
  batch VARCHAR(64) NOT NULL,
  serial_prefix VARCHAR(64) NOT NULL,
  units_sold BIGINT NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  updated_by VARCHAR(128) NOT NULL,
  PRIMARY KEY (model, batch)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A completed visit's fault, once per order and visit (a second delivery
-- inserts nothing). unit_key is the serial, or the order when there is none
-- (domain UnitKey); batch is '' when unknown, found again when sales
-- figures are imported.
CREATE TABLE IF NOT EXISTS quality_fault_reports (
  order_number VARCHAR(64) NOT NULL,
  visit_number BIGINT NOT NULL,
  model VARCHAR(64) NOT NULL,
  fault VARCHAR(64) NOT NULL,
  serial VARCHAR(64) NOT NULL,
  unit_key VARCHAR(80) NOT NULL,
  batch VARCHAR(64) NOT NULL,
  completed_at DATETIME(6) NOT NULL,
  recorded_at DATETIME(6) NOT NULL,
  PRIMARY KEY (order_number, visit_number),
  -- Distinct units of a model's fault, per batch.
  KEY ix_quality_reports_fault (model, fault, batch, unit_key),
  -- The units of a model, to find their batches again.
  KEY ix_quality_reports_serial (model, serial)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The sheets: each kind once per model, batch ('' unless BATCH_ACCIDENT)
-- and fault. version changes with each step (the etag); the figures follow
-- the reports without changing it.
CREATE TABLE IF NOT EXISTS quality_sheets (
  id BIGINT NOT NULL AUTO_INCREMENT,
  kind VARCHAR(16) NOT NULL,
  model VARCHAR(64) NOT NULL,
  batch VARCHAR(64) NOT NULL,
  fault VARCHAR(64) NOT NULL,
  affected_units BIGINT NOT NULL,
  units_sold BIGINT NOT NULL,
  first_order_number VARCHAR(64) NOT NULL,
  last_order_number VARCHAR(64) NOT NULL,
  first_reported_at DATETIME(6) NOT NULL,
  last_reported_at DATETIME(6) NOT NULL,
  opened_at DATETIME(6) NOT NULL,
  state VARCHAR(16) NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY ux_quality_sheets_subject (model, fault, batch, kind),
  KEY ix_quality_sheets_state (state, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every step taken on a sheet, in order (seq from 1; the first opens it).
CREATE TABLE IF NOT EXISTS quality_sheet_steps (
  sheet_id BIGINT NOT NULL,
  seq INT NOT NULL,
  state VARCHAR(16) NOT NULL,
  actor VARCHAR(128) NOT NULL,
  taken_at DATETIME(6) NOT NULL,
  note VARCHAR(2000) NOT NULL,
  PRIMARY KEY (sheet_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
