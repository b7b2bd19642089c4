-- A hash of the request that made each decision, so the same request_id with
-- a different request is refused instead of answered with the first decision
-- (empty for decisions made before it was kept). Who or what loaded each
-- catalogue version: the shipped file at start-up or an administrator, and
-- when a version was last activated.

ALTER TABLE decisions
  ADD COLUMN request_fingerprint CHAR(16) NOT NULL DEFAULT '';

ALTER TABLE catalogues
  ADD COLUMN source VARCHAR(16) NOT NULL DEFAULT 'unrecorded',
  ADD COLUMN loaded_by VARCHAR(128) NOT NULL DEFAULT '',
  ADD COLUMN activated_at DATETIME(6) NULL;
