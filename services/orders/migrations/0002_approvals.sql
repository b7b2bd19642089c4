-- Approvals on repair orders and the steps taken on them.

CREATE TABLE IF NOT EXISTS approvals (
  id BIGINT NOT NULL AUTO_INCREMENT,
  order_id BIGINT NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  kind VARCHAR(32) NOT NULL,
  chain VARCHAR(1000) NOT NULL,
  proposal VARCHAR(2000) NOT NULL,
  amount_fen BIGINT NOT NULL,
  state VARCHAR(16) NOT NULL,
  receipt_reference VARCHAR(128) NOT NULL,
  receipt_recorded_by VARCHAR(128) NOT NULL,
  receipt_recorded_at DATETIME(6) NULL,
  paid_amount_fen BIGINT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_approvals_request (request_id),
  KEY ix_approvals_order (order_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS approval_steps (
  approval_id BIGINT NOT NULL,
  seq INT NOT NULL,
  role VARCHAR(64) NOT NULL,
  action VARCHAR(64) NOT NULL,
  actor VARCHAR(128) NOT NULL,
  decision VARCHAR(16) NOT NULL,
  comment VARCHAR(2000) NOT NULL,
  at DATETIME(6) NOT NULL,
  PRIMARY KEY (approval_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
