package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/chorus-social/chorus/social"
)

// isolatedEnv is an environment whose home holds no config file, so tests never read the
// developer's own.
func isolatedEnv(t *testing.T, extra ...string) []string {
	t.Helper()
	return append([]string{"HOME=" + t.TempDir()}, extra...)
}

func writeConfig(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func mustLoad(t *testing.T, opts LoadOptions) Config {
	t.Helper()
	c, err := Load(opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func TestDefaults(t *testing.T) {
	c := Defaults()
	checks := []struct {
		key       string
		got, want any
	}{
		{"database", c.Database, ""},
		{"log", c.Log, ""},
		{"log_level", c.LogLevel, "info"},
		{"theme", c.Theme, "auto"},
		{"sync.interval", c.Sync.Interval, 5 * time.Minute},
		{"publish.interval", c.Publish.Interval, 30 * time.Second},
		{"publish.lease", c.Publish.Lease, 2 * time.Minute},
		{"publish.max_attempts", c.Publish.MaxAttempts, 0},
		{"publish.retry_for", c.Publish.RetryFor, time.Hour},
		{"publish.workers", c.Publish.Workers, 8},
		{"http.timeout", c.HTTP.Timeout, 30 * time.Second},
		{"http.retries", c.HTTP.Retries, 3},
		{"inbox.page_size", c.Inbox.PageSize, 50},
		{"calendar.week_start", c.Calendar.WeekStart, "monday"},
		{"calendar.time_display", c.Calendar.TimeDisplay, "client"},
		{"secrets.backend", c.Secrets.Backend, "auto"},
		{"demo.seed", c.Demo.Seed, int64(1)},
	}
	if len(checks) != len(keys) {
		t.Errorf("test checks %d keys, keys.go has %d", len(checks), len(keys))
	}
	for _, tc := range checks {
		if tc.got != tc.want {
			t.Errorf("%s = %#v, want %#v", tc.key, tc.got, tc.want)
		}
	}
	if c.Clients == nil || len(c.Clients) != 0 || c.Platforms == nil || len(c.Platforms) != 0 {
		t.Errorf("clients = %#v, platforms = %#v; want empty, non-nil maps", c.Clients, c.Platforms)
	}
}

func TestLoadWithoutFileUsesDefaults(t *testing.T) {
	c := mustLoad(t, LoadOptions{Env: isolatedEnv(t)})
	if c.File != "" {
		t.Errorf("File = %q, want empty", c.File)
	}
	if !reflect.DeepEqual(c, Defaults()) {
		t.Errorf("Load without a file = %+v\nwant the defaults %+v", c, Defaults())
	}
}

func TestLoadEmptyFileUsesDefaults(t *testing.T) {
	for name, content := range map[string]string{"empty": "", "comments only": "# nothing yet\n", "null": "~\n"} {
		t.Run(name, func(t *testing.T) {
			path := writeConfig(t, content)
			c := mustLoad(t, LoadOptions{File: path, Env: isolatedEnv(t)})
			c.File = ""
			if !reflect.DeepEqual(c, Defaults()) {
				t.Errorf("got %+v, want the defaults", c)
			}
		})
	}
}

func TestLoadReadsFile(t *testing.T) {
	path := writeConfig(t, `
database: /data/chorus.db
log_level: Debug
theme: dark
sync:
  interval: 10m
publish:
  max_attempts: 3
  lease: 5m
http:
  timeout: 1m
inbox:
  page_size: 100
calendar:
  week_start: sunday
  time_display: local
secrets:
  backend: file
demo:
  seed: 42
`)
	c := mustLoad(t, LoadOptions{File: path, Env: isolatedEnv(t)})
	want := Defaults()
	want.File = path
	want.Database = "/data/chorus.db"
	want.LogLevel = "debug"
	want.Theme = "dark"
	want.Sync.Interval = 10 * time.Minute
	want.Publish.MaxAttempts = 3
	want.Publish.Lease = 5 * time.Minute
	want.HTTP.Timeout = time.Minute
	want.Inbox.PageSize = 100
	want.Calendar = Calendar{WeekStart: "sunday", TimeDisplay: "local"}
	want.Secrets.Backend = "file"
	want.Demo.Seed = 42
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
}

func TestLoadFindsDefaultFileInXDGConfigHome(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "chorus", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("theme: light\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := mustLoad(t, LoadOptions{Env: isolatedEnv(t, "XDG_CONFIG_HOME="+dir)})
	if c.File != path || c.Theme != "light" {
		t.Errorf("File = %q, Theme = %q; want %q, light", c.File, c.Theme, path)
	}
}

func TestEnvOverridesFile(t *testing.T) {
	path := writeConfig(t, "sync:\n  interval: 10m\nlog_level: warn\n")
	c := mustLoad(t, LoadOptions{File: path, Env: isolatedEnv(t,
		"CHORUS_SYNC_INTERVAL=1m",
		"CHORUS_LOG_LEVEL=DEBUG",
		"CHORUS_PUBLISH_MAX_ATTEMPTS=7",
		"CHORUS_DATABASE=/env/chorus.db",
		"CHORUS_DEMO_SEED=-3",
		"CHORUS_THEME=", // empty counts as unset
		// Other CHORUS_ variables belong to other parts of chorus and are left alone.
		"CHORUS_SECRET_ACME_BSKY=hunter2",
		"CHORUS_PEERS_CACHE=/tmp/peers",
	)})
	if c.Sync.Interval != time.Minute || c.LogLevel != "debug" || c.Publish.MaxAttempts != 7 ||
		c.Database != "/env/chorus.db" || c.Demo.Seed != -3 || c.Theme != "auto" {
		t.Errorf("got %+v", c)
	}
}

func TestFlagsOverrideEnv(t *testing.T) {
	flags := pflag.NewFlagSet("chorus", pflag.ContinueOnError)
	flags.String("db", "", "")
	flags.String("log", "", "")
	flags.String("log-level", "", "")
	flags.Duration("sync-interval", 0, "")
	if err := flags.Parse([]string{"--db", "/flag/chorus.db", "--sync-interval", "2m"}); err != nil {
		t.Fatal(err)
	}
	c := mustLoad(t, LoadOptions{Flags: flags, Env: isolatedEnv(t,
		"CHORUS_DATABASE=/env/chorus.db", "CHORUS_LOG=/env/chorus.log", "CHORUS_LOG_LEVEL=error")})
	if c.Database != "/flag/chorus.db" {
		t.Errorf("database = %q, want the flag's", c.Database)
	}
	if c.Sync.Interval != 2*time.Minute {
		t.Errorf("sync.interval = %s, want the flag's 2m", c.Sync.Interval)
	}
	// Flags that were not given must not hide the environment with their zero values.
	if c.Log != "/env/chorus.log" || c.LogLevel != "error" {
		t.Errorf("log = %q, log_level = %q; want the environment's", c.Log, c.LogLevel)
	}
}

func TestLoadExpandsHomeInPaths(t *testing.T) {
	path := writeConfig(t, "database: ~/chorus/main.db\n")
	c := mustLoad(t, LoadOptions{File: path, Env: []string{"HOME=/home/ana"}})
	if want := filepath.Join("/home/ana", "chorus", "main.db"); c.Database != want {
		t.Errorf("database = %q, want %q", c.Database, want)
	}
}

func TestClientsKeepTheirCase(t *testing.T) {
	path := writeConfig(t, `
clients:
  AcmeCo:
    name: ACME Coffee
    tz: Europe/Berlin
    color: "#E07A5F"
    approval_required: true
    require_alt: true
    queue:
      Acme-Bsky: ["Mon 9:30", "friday 16:45"]
      acme.mastodon.social: []
  beta:
    tz: America/New_York
`)
	c := mustLoad(t, LoadOptions{File: path, Env: isolatedEnv(t)})
	want := map[string]Client{
		"AcmeCo": {Name: "ACME Coffee", TZ: "Europe/Berlin", Color: "#E07A5F", ApprovalRequired: true, RequireAlt: true,
			Queue: map[string][]string{"Acme-Bsky": {"mon 09:30", "fri 16:45"}, "acme.mastodon.social": {}}},
		"beta": {TZ: "America/New_York"},
	}
	if !reflect.DeepEqual(c.Clients, want) {
		t.Errorf("clients = %#v\nwant %#v", c.Clients, want)
	}
}

func TestPlatformOptionsFromFileAndEnv(t *testing.T) {
	path := writeConfig(t, `
platforms:
  mastodon:
    server: https://mastodon.example
  demo:
    seed: 1
  bluesky:
`)
	c := mustLoad(t, LoadOptions{File: path, Env: isolatedEnv(t,
		"CHORUS_PLATFORMS_DEMO_SEED=7",
		"CHORUS_PLATFORMS_BLUESKY_SERVER=https://pds.example",
	)})
	got := c.PlatformOptions()
	want := map[social.Platform]map[string]any{
		"mastodon": {"server": "https://mastodon.example"},
		"demo":     {"seed": 7},
		"bluesky":  {"server": "https://pds.example"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PlatformOptions() = %#v\nwant %#v", got, want)
	}
}

func TestExplicitConfigFileMustExist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := Load(LoadOptions{File: path, Env: isolatedEnv(t)})
	var ce *Error
	if !errors.As(err, &ce) || ce.File != path {
		t.Fatalf("err = %v, want an *Error naming %s", err, path)
	}
	if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "not found") {
		t.Errorf("message %q should name the file and say it is not found", msg)
	}
}

func TestUnreadableConfigNamesFile(t *testing.T) {
	dir := t.TempDir() // a directory where a file is expected
	_, err := Load(LoadOptions{File: dir, Env: isolatedEnv(t)})
	if err == nil || !strings.Contains(err.Error(), "config "+dir+": cannot read") {
		t.Errorf("err = %v, want it to name %s", err, dir)
	}
}
