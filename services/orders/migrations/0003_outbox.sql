-- Messages owed to other services, written in the transaction of the change
-- that owes them and delivered by the relay (services/common/outbox.h).

CREATE TABLE IF NOT EXISTS outbox (
  id BIGINT NOT NULL AUTO_INCREMENT,
  message_id CHAR(36) NOT NULL,
  topic VARCHAR(64) NOT NULL,
  payload MEDIUMBLOB NOT NULL,
  created_at DATETIME(6) NOT NULL,
  attempts INT NOT NULL,
  next_attempt_at DATETIME(6) NOT NULL,
  leased_by CHAR(36) NULL,
  lease_until DATETIME(6) NULL,
  delivered_at DATETIME(6) NULL,
  failed_at DATETIME(6) NULL,
  last_error VARCHAR(500) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_outbox_message (message_id),
  KEY ix_outbox_due (delivered_at, failed_at, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
