-- The facts a 三包 decision uses (WarrantyClaim) and the whole decision as the
-- warranty service gave it: remedies, refund, paid-repair quote, reasons.
-- Lists (earlier repairs, replaced main parts, refund lines, reasons) are
-- stored as lines of tab-separated fields in TEXT columns; storage parses them
-- strictly and refuses a row it cannot read.

ALTER TABLE repair_orders
  ADD COLUMN price_paid_fen BIGINT NULL,
  ADD COLUMN production_date DATE NULL,
  ADD COLUMN installation_date DATE NULL,
  ADD COLUMN unit_use VARCHAR(16) NOT NULL DEFAULT 'household',
  ADD COLUMN sale_type VARCHAR(24) NOT NULL DEFAULT 'normal',
  ADD COLUMN card_model_mismatch BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN performance_fault BOOLEAN NULL,
  ADD COLUMN fault_component VARCHAR(64) NOT NULL DEFAULT '',
  ADD COLUMN fault_main_part BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN earlier_repairs TEXT NULL,
  ADD COLUMN exchanged_on DATE NULL,
  ADD COLUMN main_parts_replaced TEXT NULL,
  ADD COLUMN exclusion_causes VARCHAR(100) NOT NULL DEFAULT '',
  ADD COLUMN repair_delay_days INT NOT NULL DEFAULT 0,
  ADD COLUMN parts_wait_days INT NOT NULL DEFAULT 0,
  ADD COLUMN same_model_out_of_stock BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN insists_on_refund BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN warranty_remedies VARCHAR(64) NOT NULL DEFAULT '',
  ADD COLUMN warranty_refund_price_fen BIGINT NULL,
  ADD COLUMN warranty_refund_depreciated BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN warranty_refund_days_used BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN warranty_refund_rate_ppm BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN warranty_refund_depreciation_fen BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN warranty_refund_amount_fen BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN warranty_refund_lines TEXT NULL,
  ADD COLUMN warranty_quote_total_fen BIGINT NULL,
  ADD COLUMN warranty_quote_labour_fen BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN warranty_quote_part_fen BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN warranty_quote_part_priced BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN warranty_quote_callout_fen BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN warranty_reasons TEXT NULL,
  ADD COLUMN warranty_covered_until DATE NULL;
