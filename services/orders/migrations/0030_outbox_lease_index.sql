-- The relay reads back what it just leased by its replica id (and takes back
-- its own leases after a restart); without this index both scanned every row
-- of the outbox, delivered ones included (services/common/outbox.cc). The
-- lease itself needs no new index: it takes the due range of ix_outbox_due
-- in that index's order.

ALTER TABLE outbox ADD KEY ix_outbox_leased (leased_by, lease_until);
