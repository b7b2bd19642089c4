-- What a job takes of the technician's van (SyncJobRequest.load), for the
-- day planner's van capacity.
ALTER TABLE dispatch_jobs ADD COLUMN load_units DOUBLE NOT NULL DEFAULT 0;

-- Day plan previews (PlanDay), kept until expire_at for CommitPlan, then
-- purged. `plan` is the DayPlan message as JSON (api/day_plan_mapping.h);
-- `fingerprint` is the hash of everything the plan depends on (its etag),
-- compared again when it is committed.
CREATE TABLE IF NOT EXISTS day_plans (
  id CHAR(36) NOT NULL,
  region_code VARCHAR(6) NOT NULL,
  plan_date DATE NOT NULL,
  fingerprint CHAR(16) NOT NULL,
  plan MEDIUMTEXT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  expire_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_day_plans_expiry (expire_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
