package config

import (
	"path/filepath"
	"testing"
)

func TestPathsHonourXDG(t *testing.T) {
	t.Setenv("HOME", "/home/ana")
	t.Setenv("XDG_CONFIG_HOME", "/xdg/config")
	t.Setenv("XDG_DATA_HOME", "/xdg/data")
	t.Setenv("XDG_STATE_HOME", "/xdg/state")
	check(t, "ConfigDir", ConfigDir(), "/xdg/config/chorus")
	check(t, "DefaultConfigFile", DefaultConfigFile(), "/xdg/config/chorus/config.yaml")
	check(t, "DefaultDBPath", DefaultDBPath(), "/xdg/data/chorus/chorus.db")
	check(t, "DefaultLogPath", DefaultLogPath(), "/xdg/state/chorus/chorus.log")
}

func TestPathsFallBackToHome(t *testing.T) {
	t.Setenv("HOME", "/home/ana")
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("XDG_DATA_HOME", "")
	// The XDG spec says relative values are invalid and must be ignored.
	t.Setenv("XDG_STATE_HOME", "relative/state")
	check(t, "ConfigDir", ConfigDir(), "/home/ana/.config/chorus")
	check(t, "DefaultConfigFile", DefaultConfigFile(), "/home/ana/.config/chorus/config.yaml")
	check(t, "DefaultDBPath", DefaultDBPath(), "/home/ana/.local/share/chorus/chorus.db")
	check(t, "DefaultLogPath", DefaultLogPath(), "/home/ana/.local/state/chorus/chorus.log")
}

func TestConfigResolvesEmptyPathsToDefaults(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/xdg/data")
	t.Setenv("XDG_STATE_HOME", "/xdg/state")
	c := Defaults()
	check(t, "DBPath", c.DBPath(), "/xdg/data/chorus/chorus.db")
	check(t, "LogPath", c.LogPath(), "/xdg/state/chorus/chorus.log")
	c.Database, c.Log = "/srv/chorus.db", "/srv/chorus.log"
	check(t, "DBPath", c.DBPath(), "/srv/chorus.db")
	check(t, "LogPath", c.LogPath(), "/srv/chorus.log")
}

func check(t *testing.T, what, got, want string) {
	t.Helper()
	if got != filepath.FromSlash(want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}
