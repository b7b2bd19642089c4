-- The monthly reports (report_repository.h) read the orders taken in a
-- month, the surveys submitted in a month and the calls made in a month;
-- completed_at has its index already (0002).
ALTER TABLE callback_tasks
  ADD KEY ix_callback_tasks_received (received_at),
  ADD KEY ix_callback_tasks_finished (finished_at);

ALTER TABLE callback_attempts
  ADD KEY ix_callback_attempts_called (called_at);
