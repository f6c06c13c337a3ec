// Package contrib holds the files that run `chorus daemon` at login: a systemd user unit
// and a launchd agent (see README.md). Its tests check them; it has no code.
package contrib
