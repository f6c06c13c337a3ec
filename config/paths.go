package config

import (
	"os"
	"path/filepath"
	"strings"
)

// appDir is the subdirectory chorus uses in each XDG base directory.
const appDir = "chorus"

// ConfigDir returns $XDG_CONFIG_HOME/chorus, or ~/.config/chorus.
func ConfigDir() string { return configDir(os.Getenv) }

// DefaultConfigFile returns the config file read when --config is not given.
func DefaultConfigFile() string { return defaultConfigFile(os.Getenv) }

// DefaultDBPath returns $XDG_DATA_HOME/chorus/chorus.db, or ~/.local/share/chorus/chorus.db.
func DefaultDBPath() string {
	return filepath.Join(xdgDir(os.Getenv, "XDG_DATA_HOME", ".local", "share"), "chorus.db")
}

// DemoDBPath returns $XDG_DATA_HOME/chorus/demo.db: the demo workspace of `chorus --demo`,
// kept apart from the real database and kept between runs, so triage done in the demo is
// still there when it is opened again.
func DemoDBPath() string {
	return filepath.Join(xdgDir(os.Getenv, "XDG_DATA_HOME", ".local", "share"), "demo.db")
}

// DefaultLogPath returns $XDG_STATE_HOME/chorus/chorus.log, or ~/.local/state/chorus/chorus.log.
func DefaultLogPath() string {
	return filepath.Join(xdgDir(os.Getenv, "XDG_STATE_HOME", ".local", "state"), "chorus.log")
}

func configDir(getenv func(string) string) string {
	return xdgDir(getenv, "XDG_CONFIG_HOME", ".config")
}

func defaultConfigFile(getenv func(string) string) string {
	return filepath.Join(configDir(getenv), "config.yaml")
}

// xdgDir returns $variable/chorus, or ~/<fallback…>/chorus. The XDG spec says a relative
// value is invalid and must be ignored, so only absolute ones count.
func xdgDir(getenv func(string) string, variable string, fallback ...string) string {
	if dir := getenv(variable); filepath.IsAbs(dir) {
		return filepath.Join(dir, appDir)
	}
	return filepath.Join(append(append([]string{home(getenv)}, fallback...), appDir)...)
}

func home(getenv func(string) string) string {
	if h := getenv("HOME"); h != "" {
		return h
	}
	if h, err := os.UserHomeDir(); err == nil {
		return h
	}
	// No home at all (a bare container): keep the files beside the working directory rather
	// than fail every command that only needs a default path.
	return "."
}

// expandHome turns a leading "~/" into the home directory, as a shell would have.
func expandHome(path string, getenv func(string) string) string {
	if path == "~" {
		return home(getenv)
	}
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		return filepath.Join(home(getenv), rest)
	}
	return path
}
