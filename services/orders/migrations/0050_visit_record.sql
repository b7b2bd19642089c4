-- The completed visit's repair record as the scheduling service reports it
-- with COMPLETED (RecordDispatchProgress), for the callback service's
-- findings: whether the function test passed and the customer signed, the
-- parts fitted and the fees charged, and the technician's outlet (网点).
-- visit_record_kept is false for a visit completed without a record, and
-- again after a REOPEN. The lists are one line an entry, fields C-escaped
-- and split by tabs (storage/visit_rows.cc): visit_parts
-- "part_id<TAB>serial<TAB>quantity", visit_fees "kind<TAB>part_id<TAB>amount_fen".
ALTER TABLE repair_orders
  ADD COLUMN visit_record_kept BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN visit_function_test_passed BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN visit_signed BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN visit_parts MEDIUMTEXT NULL,
  ADD COLUMN visit_fees MEDIUMTEXT NULL,
  ADD COLUMN technician_outlet VARCHAR(64) NOT NULL DEFAULT '';
