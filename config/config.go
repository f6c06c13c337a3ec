// Package config loads chorus's settings: built-in defaults, overlaid by the YAML file in the
// XDG config dir, by CHORUS_* environment variables and by command-line flags, in that order.
// Every problem it finds is reported as an *Error that names where the value came from (file
// and line, environment variable or flag), the key, and what is wrong with it.
package config

import (
	"log/slog"
	"time"

	"github.com/chorus-social/chorus/social"
)

// Config is the whole of chorus's configuration after defaults, file, environment and flags
// have been merged and validated. The zero value is not useful; start from Defaults or Load.
type Config struct {
	// File is the config file that was read, empty when none was.
	File string `mapstructure:"-"`

	// Database is the SQLite file; empty means DefaultDBPath. Use DBPath to resolve it.
	Database string `mapstructure:"database"`
	// Log is the log file; empty means DefaultLogPath. Use LogPath to resolve it.
	Log string `mapstructure:"log"`
	// LogLevel is one of debug, info, warn, error.
	LogLevel string `mapstructure:"log_level"`
	// Theme is one of auto, dark, light.
	Theme string `mapstructure:"theme"`

	Sync     Sync     `mapstructure:"sync"`
	Publish  Publish  `mapstructure:"publish"`
	HTTP     HTTP     `mapstructure:"http"`
	Inbox    Inbox    `mapstructure:"inbox"`
	Calendar Calendar `mapstructure:"calendar"`
	Secrets  Secrets  `mapstructure:"secrets"`
	Demo     Demo     `mapstructure:"demo"`

	// Clients are clients declared in the file, by client id. Never nil after Load.
	Clients map[string]Client `mapstructure:"clients"`
	// Platforms holds each adapter's own options by platform name, passed through unchecked
	// because only the adapter knows what they mean. Never nil after Load.
	Platforms map[string]map[string]any `mapstructure:"platforms"`
}

// Sync configures pulling inbox items and metrics.
type Sync struct {
	// Interval between syncs; 0 turns background syncing off.
	Interval time.Duration `mapstructure:"interval"`
}

// Publish configures the outbox worker.
type Publish struct {
	// Interval is the longest the daemon goes between looks at the outbox (daemon.Run).
	// Posts go out on time regardless: the runner wakes when one falls due and when
	// another process schedules one. It sets how often posts a platform holds are checked.
	Interval time.Duration `mapstructure:"interval"`
	// Lease is how long a claimed post stays claimed before another process may retry it.
	Lease time.Duration `mapstructure:"lease"`
	// MaxAttempts caps the tries of a post that keeps failing for passing reasons; 0: no
	// cap, RetryFor decides.
	MaxAttempts int `mapstructure:"max_attempts"`
	// RetryFor is how long after its time a post is still retried (network, server and
	// rate-limit errors) before it is marked failed.
	RetryFor time.Duration `mapstructure:"retry_for"`
	// Workers is how many posts are sent at once; one account's posts go one at a time.
	Workers int `mapstructure:"workers"`
}

// HTTP configures the client every adapter shares.
type HTTP struct {
	// Timeout for one request.
	Timeout time.Duration `mapstructure:"timeout"`
	// Retries of a failed request that is safe to retry.
	Retries int `mapstructure:"retries"`
}

// Inbox configures the inbox pane.
type Inbox struct {
	// PageSize is how many items one page from the store holds.
	PageSize int `mapstructure:"page_size"`
}

// Calendar configures the calendar pane.
type Calendar struct {
	// WeekStart is monday or sunday.
	WeekStart string `mapstructure:"week_start"`
	// TimeDisplay is client (each client's own zone) or local (this machine's zone).
	TimeDisplay string `mapstructure:"time_display"`
}

// Secrets configures where tokens and app passwords are kept.
type Secrets struct {
	// Backend is auto, keyring or file.
	Backend string `mapstructure:"backend"`
}

// Demo configures the simulated demo platform.
type Demo struct {
	// Seed makes the demo workspace reproducible.
	Seed int64 `mapstructure:"seed"`
}

// Client is a client declared in the config file.
type Client struct {
	Name string `mapstructure:"name"`
	// TZ is an IANA zone name such as Europe/Berlin; required.
	TZ string `mapstructure:"tz"`
	// Color is a hex colour (#rgb or #rrggbb) for calendar marks; empty picks one.
	Color            string `mapstructure:"color"`
	ApprovalRequired bool   `mapstructure:"approval_required"`
	RequireAlt       bool   `mapstructure:"require_alt"`
	// ServerScheduling hands single posts to platforms that can publish at a set time
	// themselves (Mastodon), so they go out with chorus closed.
	ServerScheduling bool `mapstructure:"server_scheduling"`
	// Queue maps an account id to its weekly slots, such as "mon 09:30", in the client's zone.
	Queue map[string][]string `mapstructure:"queue"`
}

// Defaults returns the configuration used when nothing overrides it.
func Defaults() Config {
	c, err := decode(newViper())
	if err != nil {
		// The defaults are constants in keys.go; a test decodes them, so this cannot happen
		// in a released build.
		panic("config: the built-in defaults do not decode: " + err.Error())
	}
	return c
}

// DBPath returns the database file: Database, or DefaultDBPath when that is empty.
func (c Config) DBPath() string {
	if c.Database != "" {
		return c.Database
	}
	return DefaultDBPath()
}

// LogPath returns the log file: Log, or DefaultLogPath when that is empty.
func (c Config) LogPath() string {
	if c.Log != "" {
		return c.Log
	}
	return DefaultLogPath()
}

// SlogLevel returns LogLevel as a slog.Level.
func (c Config) SlogLevel() slog.Level {
	switch c.LogLevel {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// PlatformOptions returns each adapter's options keyed by platform, never nil.
func (c Config) PlatformOptions() map[social.Platform]map[string]any {
	out := make(map[social.Platform]map[string]any, len(c.Platforms))
	for name, opts := range c.Platforms {
		out[social.Platform(name)] = opts
	}
	return out
}
