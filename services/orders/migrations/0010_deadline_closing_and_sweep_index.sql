-- Deadlines close with their order, and the deadline queries get indexes
-- that serve them (README "Deadlines").
--   closed_at: set when the order reached a final status while the deadline
--     was open; a closed deadline is never at risk, overdue or breached.
--   sweep_at: when the sweeper next has something to record (the warning
--     time until the reminder is recorded, then the due time until the
--     breach is; NULL once met, closed or breached). Written by storage from
--     NextSweepAt in domain/deadlines.cc; 0011 fills it for existing rows.
--   ix_order_deadlines_sweep: the sweep reads only rows it must act on, in
--     order (sweep_at, order_id, kind), so it can page past a failing order.
--   ix_order_deadlines_late: ListRepairOrders' at-risk / overdue filters read
--     only open deadlines past their warning time.

ALTER TABLE order_deadlines
  ADD COLUMN closed_at DATETIME(6) NULL,
  ADD COLUMN sweep_at DATETIME(6) NULL,
  DROP INDEX ix_order_deadlines_open,
  ADD INDEX ix_order_deadlines_sweep (sweep_at, order_id, kind),
  ADD INDEX ix_order_deadlines_late (met_at, closed_at, warn_at);
