-- Messages owed to the orders and scheduling services when a callback task
-- ends (services/common/outbox.h, domain/outcome_report.h; the DDL of
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
