-- The dispatch queue: one row per on-site order scheduling has heard of,
-- kept in step by the orders service's SyncJob calls (the newest
-- order_version wins). Queued rows are listed by deadline.

CREATE TABLE IF NOT EXISTS dispatch_jobs (
  id BIGINT NOT NULL AUTO_INCREMENT,
  order_number VARCHAR(64) NOT NULL,
  order_version BIGINT NOT NULL,
  queued BOOLEAN NOT NULL,
  region_code VARCHAR(6) NOT NULL,
  latitude DOUBLE NULL,
  longitude DOUBLE NULL,
  category VARCHAR(64) NOT NULL,
  brand VARCHAR(64) NOT NULL,
  min_level INT NOT NULL,
  window_start DATETIME(6) NULL,
  window_end DATETIME(6) NULL,
  deadline DATETIME(6) NOT NULL,
  priority INT NOT NULL,
  complaint BOOLEAN NOT NULL,
  service_minutes INT NOT NULL,
  queue_time DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_dispatch_jobs_order (order_number),
  KEY ix_dispatch_jobs_queue (queued, deadline, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
