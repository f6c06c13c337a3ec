-- Per-post options the platforms understand: language (BCP 47), a content warning
-- (Mastodon spoiler text), and visibility (public, unlisted, private, direct).
ALTER TABLE posts ADD COLUMN lang TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN content_warning TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN visibility TEXT NOT NULL DEFAULT '';
