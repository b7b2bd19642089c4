-- The callbacks' (回访) ratings of technicians (RecordCallbackRating), one
-- row per callback: the primary key makes a repeated or concurrent duplicate
-- count once. technicians.satisfaction is the mean score of the
-- technician's latest scored rows (domain/callback_rating.h), recomputed in
-- the transaction that adds one.

CREATE TABLE IF NOT EXISTS technician_callback_ratings (
  -- "callbacks/{order_number}/{visit_number}"
  callback VARCHAR(100) NOT NULL,
  technician_id VARCHAR(64) NOT NULL,
  -- 1 to 5; 0: the customer did not rate
  rating TINYINT NOT NULL,
  -- The conduct finding kinds, comma-separated (codes of A-Z, 0-9 and _).
  conduct_findings VARCHAR(1000) NOT NULL,
  -- What the callback counts for; NULL: nothing (unrated, no findings).
  score DOUBLE NULL,
  callback_at DATETIME(6) NOT NULL,
  recorded_at DATETIME(6) NOT NULL,
  PRIMARY KEY (callback),
  -- The technician's latest scored callbacks, newest first.
  KEY ix_callback_ratings_technician (technician_id, callback_at, callback)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
