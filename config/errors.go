package config

import (
	"strconv"
	"strings"
)

// Error is one problem with the configuration. It says where the value came from, which key it
// is for, and what is wrong, so a user can fix it without reading the source:
//
//	config /home/u/.config/chorus/config.yaml:4: sync.interval: "5x" is not a duration (use e.g. 5m, 90s)
//	env CHORUS_SYNC_INTERVAL: "5x" is not a duration (use e.g. 5m, 90s)
type Error struct {
	// File is the config file the value came from; empty when it came from elsewhere.
	File string
	// Line is the line in File, 0 when unknown.
	Line int
	// Source names the environment variable ("env CHORUS_SYNC_INTERVAL") or flag ("flag --db")
	// the value came from; empty when it came from File.
	Source string
	// Key is the dotted key ("sync.interval"); empty for a problem with the file as a whole.
	Key string
	// Problem says what is wrong and, where it helps, what would be right.
	Problem string
}

// Error formats the problem as "where: key: problem".
func (e *Error) Error() string {
	var b strings.Builder
	switch {
	case e.Source != "":
		// The variable or flag already names the key.
		b.WriteString(e.Source)
	default:
		b.WriteString("config")
		if e.File != "" {
			b.WriteString(" " + e.File)
			if e.Line > 0 {
				b.WriteString(":" + strconv.Itoa(e.Line))
			}
		}
		if e.Key != "" {
			b.WriteString(": " + e.Key)
		}
	}
	b.WriteString(": " + e.Problem)
	return b.String()
}
