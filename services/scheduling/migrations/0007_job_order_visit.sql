-- The order's visit a job serves (SyncJobRequest.visit): a job completed for
-- a visit is queued again only for a later one, so the completed visit's
-- own facts arriving after the completion leave it completed. 0: not known
-- (jobs from before; their next in-dispatch facts queue them as before).
ALTER TABLE dispatch_jobs ADD COLUMN IF NOT EXISTS order_visit BIGINT NOT NULL DEFAULT 0 AFTER order_version;
