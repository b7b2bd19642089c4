-- Outbox leases are held by a stable replica id ("<host>/orders", longer than
-- the UUID they used to be), so a restarted replica can take back its own
-- leases at once (services/common/outbox.h).

ALTER TABLE outbox MODIFY leased_by VARCHAR(255) NULL;
