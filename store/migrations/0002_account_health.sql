-- Account health: a login the platform refused puts the account in "needs login" until
-- the user logs in again; the TUI, doctor and the calendar's at-risk marks read it.
ALTER TABLE accounts ADD COLUMN needs_login INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN auth_error TEXT NOT NULL DEFAULT '';
-- When the stored token runs out, where the platform says (0: unknown or never).
ALTER TABLE accounts ADD COLUMN token_expires_at INTEGER NOT NULL DEFAULT 0;
