-- Catalogue versions and stored decisions. A decision is kept as the JSON of
-- its fieldservice.warranty.v1.Decision message, with the columns it is
-- looked up by; it never changes after it is written.

CREATE TABLE IF NOT EXISTS catalogues (
  version VARCHAR(64) NOT NULL,
  text MEDIUMTEXT NOT NULL,
  checksum CHAR(16) NOT NULL,
  loaded_at DATETIME(6) NOT NULL,
  active BOOLEAN NOT NULL,
  PRIMARY KEY (version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS decisions (
  id BIGINT NOT NULL AUTO_INCREMENT,
  decision_id CHAR(36) NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  order_name VARCHAR(64) NOT NULL,
  serial VARCHAR(64) NOT NULL,
  catalogue_version VARCHAR(64) NOT NULL,
  coverage VARCHAR(16) NOT NULL,
  document MEDIUMTEXT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_decisions_id (decision_id),
  UNIQUE KEY uk_decisions_request (request_id),
  KEY ix_decisions_serial (serial, id),
  KEY ix_decisions_order (order_name, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
