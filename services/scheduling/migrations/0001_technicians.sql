-- Technicians. The columns dispatch filters and sorts by are columns; the
-- lists (skills, service area, weekly shifts, absences) are one JSON
-- document, the fieldservice.scheduling.v1 messages of the same names
-- (api/technician_mapping.h), read and written whole.

CREATE TABLE IF NOT EXISTS technicians (
  seq BIGINT NOT NULL AUTO_INCREMENT,
  id VARCHAR(64) NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  display_name VARCHAR(64) NOT NULL,
  phone VARCHAR(32) NOT NULL,
  outlet VARCHAR(64) NOT NULL,
  home_latitude DOUBLE NOT NULL,
  home_longitude DOUBLE NOT NULL,
  max_jobs_per_day INT NOT NULL,
  active BOOLEAN NOT NULL,
  satisfaction DOUBLE NULL,
  profile MEDIUMTEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (seq),
  UNIQUE KEY uk_technicians_id (id),
  UNIQUE KEY uk_technicians_request (request_id),
  KEY ix_technicians_outlet (outlet, seq),
  KEY ix_technicians_active (active, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
