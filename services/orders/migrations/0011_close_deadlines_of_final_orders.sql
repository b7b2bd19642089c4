-- Orders that became final before deadlines closed with them: their open
-- deadlines are closed at the time the order entered its final status (the
-- audit trail's transition into it; its last update if the trail has none),
-- so they are never reported at risk or overdue, nor breached, again. The
-- final statuses are those of domain/state_machine.cc (IsFinal).
-- Then sweep_at is filled for every row by the rule of NextSweepAt. Both
-- statements may run again without harm.

UPDATE order_deadlines d
  JOIN repair_orders o ON o.id = d.order_id
  SET d.closed_at = COALESCE(
    (SELECT MAX(e.at) FROM order_events e
      WHERE e.order_id = o.id AND e.to_status = o.status AND e.from_status <> o.status),
    o.updated_at)
  WHERE d.met_at IS NULL AND d.closed_at IS NULL
    AND o.status IN ('closed', 'cancelled', 'resolved_remotely');

UPDATE order_deadlines
  SET sweep_at = CASE
    WHEN met_at IS NOT NULL OR closed_at IS NOT NULL THEN NULL
    WHEN warned_at IS NULL THEN warn_at
    WHEN breached_at IS NULL THEN due_at
    ELSE NULL END;
