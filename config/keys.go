package config

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// key is one scalar setting: its dotted name, its default, and the check that turns a raw
// value (from YAML, an environment variable or a flag) into the typed value or says what is
// wrong with it.
type key struct {
	name  string
	def   any
	check func(raw any) (any, error)
}

// keys lists every scalar setting. clients and platforms are maps and are handled on their own
// (clients.go, platforms in load.go). config.example.yaml must mention each of these; a test
// checks it.
var keys = []key{
	{"database", "", text},
	{"log", "", text},
	{"log_level", "info", oneOf("debug", "info", "warn", "error")},
	{"theme", "auto", oneOf("auto", "dark", "light")},
	{"sync.interval", 5 * time.Minute, syncInterval},
	{"publish.interval", 30 * time.Second, durationAtLeast(time.Second)},
	{"publish.lease", 2 * time.Minute, durationAtLeast(time.Second)},
	{"publish.max_attempts", 0, intBetween(0, 100)},
	{"publish.retry_for", time.Hour, durationAtLeast(time.Minute)},
	{"publish.workers", 8, intBetween(1, 64)},
	{"http.timeout", 30 * time.Second, durationAtLeast(time.Second)},
	{"http.retries", 3, intBetween(0, 10)},
	{"inbox.page_size", 50, intBetween(1, 1000)},
	{"calendar.week_start", "monday", oneOf("monday", "sunday")},
	{"calendar.time_display", "client", oneOf("client", "local")},
	{"secrets.backend", "auto", oneOf("auto", "keyring", "file")},
	{"demo.seed", int64(1), int64Value},
}

// mapKeys are the top-level keys whose children are chosen by the user (client ids, platform
// names), so they cannot be listed in keys.
var mapKeys = []string{"clients", "platforms"}

// minSyncInterval keeps background syncing well inside every platform's rate limits.
const minSyncInterval = 30 * time.Second

func syncInterval(raw any) (any, error) {
	d, err := duration(raw)
	if err != nil {
		return nil, err
	}
	if d != 0 && d < minSyncInterval {
		return nil, fmt.Errorf("%s is too short: use at least %s, or 0 to turn syncing off", d, minSyncInterval)
	}
	return d, nil
}

// findKey returns the scalar key with the given dotted name.
func findKey(name string) (key, bool) {
	for _, k := range keys {
		if k.name == name {
			return k, true
		}
	}
	return key{}, false
}

// isSection reports whether name is a section holding other keys ("sync", "publish").
func isSection(name string) bool {
	for _, k := range keys {
		if strings.HasPrefix(k.name, name+".") {
			return true
		}
	}
	return false
}

// children returns the names valid directly under section ("" for the top level), sorted.
func children(section string) []string {
	seen := map[string]bool{}
	prefix := ""
	if section != "" {
		prefix = section + "."
	}
	for _, k := range keys {
		if rest, ok := strings.CutPrefix(k.name, prefix); ok {
			first, _, _ := strings.Cut(rest, ".")
			seen[first] = true
		}
	}
	if section == "" {
		for _, m := range mapKeys {
			seen[m] = true
		}
	}
	out := make([]string, 0, len(seen))
	for name := range seen {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// EnvName returns the environment variable that overrides a dotted key:
// "sync.interval" → "CHORUS_SYNC_INTERVAL".
func EnvName(key string) string {
	return "CHORUS_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}
