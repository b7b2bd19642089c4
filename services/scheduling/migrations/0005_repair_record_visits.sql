-- One repair record per completed visit: a reopened order's job is queued
-- again (JobFromFacts) and completed again, and its second record must not
-- meet the first one's key. `visit` counts the order's records from 1; the
-- completing transaction computes it (the order's records so far + 1) under
-- the job's row lock, so two completions of one order never share it.
-- Existing rows are each their order's first visit.
ALTER TABLE repair_records
  ADD COLUMN visit INT NOT NULL DEFAULT 1 AFTER order_number,
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (order_number, visit);
