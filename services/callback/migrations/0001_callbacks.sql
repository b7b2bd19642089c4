-- Callback tasks (回访任务), one per completed visit, keyed by the order and
-- the visit (callback_task.h CallbackTaskKey), so a second delivery of the
-- same "visit completed" inserts nothing. The queue's columns are plain
-- columns (callback_queue.h's WHERE and ORDER BY); the calls, answers and
-- findings are child rows.

CREATE TABLE IF NOT EXISTS callback_tasks (
  task_key VARCHAR(100) NOT NULL,
  order_number VARCHAR(64) NOT NULL,
  visit_number BIGINT NOT NULL,
  completed_at DATETIME(6) NOT NULL,
  complaint BOOLEAN NOT NULL,
  product_model VARCHAR(64) NOT NULL,
  region_code VARCHAR(64) NOT NULL,
  technician_id VARCHAR(64) NOT NULL,
  outlet_id VARCHAR(64) NOT NULL,
  -- The repair record's and the 三包 decision's facts.
  free_under_warranty BOOLEAN NOT NULL,
  charged_fen BIGINT NOT NULL,
  record_signed BOOLEAN NOT NULL,
  function_test_recorded BOOLEAN NOT NULL,
  -- The order summary the agent reads.
  product VARCHAR(200) NOT NULL,
  fault VARCHAR(2000) NOT NULL,
  work_done VARCHAR(2000) NOT NULL,
  -- The window and the state.
  earliest_at DATETIME(6) NOT NULL,
  due_at DATETIME(6) NOT NULL,
  state VARCHAR(16) NOT NULL,
  next_attempt_at DATETIME(6) NOT NULL,
  -- The claim.
  agent_id VARCHAR(128) NOT NULL DEFAULT '',
  claimed_at DATETIME(6) NULL,
  heartbeat_at DATETIME(6) NULL,
  claimed_from VARCHAR(16) NOT NULL,
  give_up_reason VARCHAR(32) NOT NULL,
  order_flagged BOOLEAN NOT NULL,
  finished_at DATETIME(6) NULL,
  -- COMPLETED: the survey version answered and the outcome.
  survey_id VARCHAR(64) NULL,
  survey_version INT NULL,
  outcome VARCHAR(16) NULL,
  PRIMARY KEY (task_key),
  KEY ix_callback_tasks_queue (state, next_attempt_at),
  -- The queue's order (callback_queue.h), so the claim reads and locks rows
  -- in that order and stops at the first claimable one it can lock.
  KEY ix_callback_tasks_urgency (due_at, complaint DESC, completed_at, order_number, visit_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every call that did not reach the survey, in order (seq from 1).
CREATE TABLE IF NOT EXISTS callback_attempts (
  task_key VARCHAR(100) NOT NULL,
  seq INT NOT NULL,
  agent_id VARCHAR(128) NOT NULL,
  called_at DATETIME(6) NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  call_back_at DATETIME(6) NULL,
  PRIMARY KEY (task_key, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The submitted answers, by question key, as text (survey.h).
CREATE TABLE IF NOT EXISTS callback_answers (
  task_key VARCHAR(100) NOT NULL,
  question_key VARCHAR(64) NOT NULL,
  answer TEXT NOT NULL,
  PRIMARY KEY (task_key, question_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The findings of a submitted survey, in order (seq from 1).
CREATE TABLE IF NOT EXISTS callback_findings (
  task_key VARCHAR(100) NOT NULL,
  seq INT NOT NULL,
  kind VARCHAR(40) NOT NULL,
  source VARCHAR(16) NOT NULL,
  question_key VARCHAR(64) NOT NULL,
  PRIMARY KEY (task_key, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
