package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func TestBadValuesNameFileLineAndKey(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		key     string
		line    int
		problem string
	}{
		{"duration typo", "sync:\n  interval: 5x\n", "sync.interval", 2,
			`"5x" is not a duration (use e.g. 5m, 90s)`},
		{"duration without unit", "sync:\n  interval: 300\n", "sync.interval", 2, "300 has no unit"},
		{"sync too often", "sync:\n  interval: 10s\n", "sync.interval", 2,
			"10s is too short: use at least 30s, or 0 to turn syncing off"},
		{"negative duration", "http:\n  timeout: -5s\n", "http.timeout", 2, "-5s is negative"},
		{"duration as list", "publish:\n  interval: [1, 2]\n", "publish.interval", 2, "a list is not a duration"},
		{"log level", "log_level: loud\n", "log_level", 1, `"loud" is not one of debug, info, warn, error`},
		{"theme", "theme: purple\n", "theme", 1, `"purple" is not one of auto, dark, light`},
		{"week start", "calendar:\n  week_start: tuesday\n", "calendar.week_start", 2,
			`"tuesday" is not one of monday, sunday`},
		{"time display", "calendar:\n  time_display: utc\n", "calendar.time_display", 2,
			`"utc" is not one of client, local`},
		{"secrets backend", "secrets:\n  backend: vault\n", "secrets.backend", 2,
			`"vault" is not one of auto, keyring, file`},
		{"attempts negative", "publish:\n  max_attempts: -1\n", "publish.max_attempts", 2, "-1 is out of range (0 to 100)"},
		{"attempts text", "publish:\n  max_attempts: many\n", "publish.max_attempts", 2, `"many" is not a whole number`},
		{"attempts fraction", "publish:\n  max_attempts: 2.5\n", "publish.max_attempts", 2, "2.5 is not a whole number"},
		{"retries negative", "http:\n  retries: -1\n", "http.retries", 2, "-1 is out of range (0 to 10)"},
		{"page size", "inbox:\n  page_size: 5000\n", "inbox.page_size", 2, "5000 is out of range (1 to 1000)"},
		{"seed", "demo:\n  seed: abc\n", "demo.seed", 2, `"abc" is not a whole number`},
		{"database not text", "database: [a, b]\n", "database", 1, "a list is not text"},
		{"lease shorter than timeout", "http:\n  timeout: 1m\npublish:\n  lease: 45s\n", "publish.lease", 4,
			"45s must be longer than http.timeout (1m0s)"},
		{"unknown top key", "sycn:\n  interval: 5m\n", "sycn", 1, `unknown key (did you mean "sync"?)`},
		{"unknown nested key", "sync:\n  intervl: 5m\n", "sync.intervl", 2, `unknown key (did you mean "sync.interval"?)`},
		{"key in the wrong section", "max_attempts: 3\n", "max_attempts", 1, `unknown key (did you mean "publish.max_attempts"?)`},
		{"key flattened", "sync_interval: 5m\n", "sync_interval", 1, `unknown key (did you mean "sync.interval"?)`},
		{"unknown key, no guess", "frobnicate: 1\n", "frobnicate", 1, "unknown key"},
		{"section given a value", "sync: 5m\n", "sync", 1, "must be a section holding interval"},
		{"platform not a section", "platforms:\n  mastodon: https://m.example\n", "platforms.mastodon", 2,
			"must be a section of the adapter's options"},
		{"bad time zone", "clients:\n  acme:\n    tz: Mars/Olympus\n", "clients.acme.tz", 3,
			`"Mars/Olympus" is not an IANA time zone`},
		{"missing time zone", "clients:\n  acme:\n    name: ACME\n", "clients.acme.tz", 2, "missing"},
		{"bad slot", "clients:\n  acme:\n    tz: UTC\n    queue:\n      acme-bsky: [\"mon 09:30\", \"mon 25:00\"]\n",
			"clients.acme.queue.acme-bsky[1]", 5, `"mon 25:00" is not a slot`},
		{"queue not a list", "clients:\n  acme:\n    tz: UTC\n    queue:\n      acme-bsky: mon 09:30\n",
			"clients.acme.queue.acme-bsky", 5, "must be a list of slots"},
		{"bad colour", "clients:\n  acme:\n    tz: UTC\n    color: red\n", "clients.acme.color", 4, `"red" is not a hex colour`},
		{"bad bool", "clients:\n  acme:\n    tz: UTC\n    require_alt: maybe\n", "clients.acme.require_alt", 4,
			`"maybe" is not true or false`},
		{"unknown client key", "clients:\n  acme:\n    tz: UTC\n    colour: \"#fff\"\n", "clients.acme.colour", 4,
			`unknown key (did you mean "clients.acme.color"?)`},
		{"client not a section", "clients:\n  acme: ACME\n", "clients.acme", 2, "must be a section with name, tz"},
		{"clients not a section", "clients: [acme]\n", "clients", 1, "must be a section with one entry per client id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeConfig(t, tc.yaml)
			_, err := Load(LoadOptions{File: path, Env: isolatedEnv(t)})
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v (%T), want an *Error", err, err)
			}
			if ce.File != path || ce.Key != tc.key || ce.Line != tc.line {
				t.Errorf("File, Key, Line = %q, %q, %d; want %q, %q, %d", ce.File, ce.Key, ce.Line, path, tc.key, tc.line)
			}
			prefix := fmt.Sprintf("config %s:%d: %s: ", path, tc.line, tc.key)
			if msg := err.Error(); !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, tc.problem) {
				t.Errorf("message %q\nwant it to start %q and contain %q", msg, prefix, tc.problem)
			}
		})
	}
}

func TestEnvErrorNamesTheVariable(t *testing.T) {
	path := writeConfig(t, "sync:\n  interval: 5m\n")
	_, err := Load(LoadOptions{File: path, Env: isolatedEnv(t, "CHORUS_SYNC_INTERVAL=5x")})
	want := `env CHORUS_SYNC_INTERVAL: "5x" is not a duration (use e.g. 5m, 90s)`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	var ce *Error
	if !errors.As(err, &ce) || ce.Key != "sync.interval" || ce.File != "" {
		t.Errorf("got %+v, want Key sync.interval and no file", ce)
	}
}

func TestFlagErrorNamesTheFlag(t *testing.T) {
	flags := pflag.NewFlagSet("chorus", pflag.ContinueOnError)
	flags.String("log-level", "", "")
	if err := flags.Parse([]string{"--log-level=loud"}); err != nil {
		t.Fatal(err)
	}
	_, err := Load(LoadOptions{Flags: flags, Env: isolatedEnv(t)})
	want := `flag --log-level: "loud" is not one of debug, info, warn, error`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
}

func TestBadPlatformEnvName(t *testing.T) {
	_, err := Load(LoadOptions{Env: isolatedEnv(t, "CHORUS_PLATFORMS_MASTODON=x")})
	if err == nil || !strings.HasPrefix(err.Error(), "env CHORUS_PLATFORMS_MASTODON: ") {
		t.Fatalf("err = %v, want it to name the variable", err)
	}
}

func TestSyntaxErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		line int
	}{
		// The lines are where the YAML parser notices the problem.
		{"bad indentation", "sync:\n  interval: 5m\n bad: 1\n", 2},
		{"tab indentation", "sync:\n\tinterval: 5m\n", 2},
		{"unclosed quote", "theme: \"dark\nlog_level: info\n", 3},
		{"key given twice", "theme: dark\nlog_level: info\ntheme: light\n", 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeConfig(t, tc.yaml)
			_, err := Load(LoadOptions{File: path, Env: isolatedEnv(t)})
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if ce.File != path || ce.Line != tc.line {
				t.Errorf("File, Line = %q, %d; want %q, %d (%v)", ce.File, ce.Line, path, tc.line, err)
			}
			if prefix := fmt.Sprintf("config %s:%d: YAML: ", path, tc.line); !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("message %q, want prefix %q", err, prefix)
			}
		})
	}
}

func TestTopLevelMustBeMapping(t *testing.T) {
	path := writeConfig(t, "- theme\n- dark\n")
	_, err := Load(LoadOptions{File: path, Env: isolatedEnv(t)})
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want it to name %s", err, path)
	}
}

func TestEveryProblemIsReportedAtOnce(t *testing.T) {
	path := writeConfig(t, "theme: purple\nsycn: 1\nhttp:\n  retries: 99\n")
	_, err := Load(LoadOptions{File: path, Env: isolatedEnv(t)})
	if err == nil {
		t.Fatal("Load succeeded")
	}
	for _, key := range []string{": theme: ", ": sycn: ", ": http.retries: "} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("message %q lacks %q", err, key)
		}
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		err  Error
		want string
	}{
		{Error{File: "/c.yaml", Line: 4, Key: "theme", Problem: "bad"}, "config /c.yaml:4: theme: bad"},
		{Error{File: "/c.yaml", Key: "theme", Problem: "bad"}, "config /c.yaml: theme: bad"},
		{Error{File: "/c.yaml", Problem: "file not found"}, "config /c.yaml: file not found"},
		{Error{Source: "env CHORUS_THEME", Key: "theme", Problem: "bad"}, "env CHORUS_THEME: bad"},
		{Error{Key: "theme", Problem: "bad"}, "config: theme: bad"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}
