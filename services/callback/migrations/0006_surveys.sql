-- Survey versions defined through DefineSurvey (survey_catalogue.h); the
-- built-in default survey's version 1 is not stored. A version never
-- changes once stored: the primary key refuses a second one.
CREATE TABLE IF NOT EXISTS surveys (
  survey_id VARCHAR(64) NOT NULL,
  version INT NOT NULL,
  definition MEDIUMBLOB NOT NULL,  -- the API's Survey message, serialised
  defined_by VARCHAR(128) NOT NULL,
  defined_at DATETIME(6) NOT NULL,
  PRIMARY KEY (survey_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
