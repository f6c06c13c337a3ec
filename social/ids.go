package social

import (
	"regexp"
	"strings"
)

var (
	idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
	notID     = regexp.MustCompile(`[^a-z0-9._-]+`)
)

// ValidID reports whether s can name a client or an account: lowercase letters, digits,
// '.', '_' and '-', starting with a letter or digit, at most 64 long. Ids appear in
// commands, file names and environment variable names, so they stay plain.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// DefaultAccountID derives an account id from platform and handle, the same way in the CLI
// and the TUI: bluesky + "@acme.bsky.social" → "bluesky-acme.bsky.social".
func DefaultAccountID(p Platform, handle string) string {
	h := notID.ReplaceAllString(strings.ToLower(strings.TrimPrefix(strings.TrimSpace(handle), "@")), "-")
	return string(p) + "-" + strings.Trim(h, "-.")
}
