-- An account's life after it is made (issue 8): a temporary password must be changed.
--
-- `must_change_password` marks an account whose password someone else chose (an admin's
-- invitation): until its owner changes it, the back office shows only the change form and staff
-- server functions refuse. Accounts invited before this migration still hold the temporary
-- password chosen for them (there was no way to change it), so they are marked too.
--
-- Sessions need nothing new: the absolute lifetime is counted from `sessions.created_at`
-- (30 days for citizens and anonymous devices, 12 hours for staff and admins; `api::auth`).
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));

UPDATE accounts SET must_change_password = 1 WHERE invited_by IS NOT NULL;

-- Sweeping sessions by age.
CREATE INDEX sessions_by_creation ON sessions (created_at);
