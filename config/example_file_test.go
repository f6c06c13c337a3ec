package config

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const exampleFile = "../config.example.yaml"

// The example file documents every key with its default; these tests keep it from drifting
// from keys.go.

func TestExampleFileHoldsTheDefaults(t *testing.T) {
	c := mustLoad(t, LoadOptions{File: exampleFile, Env: isolatedEnv(t)})
	if c.File != exampleFile {
		t.Errorf("File = %q, want %q", c.File, exampleFile)
	}
	c.File = ""
	if !reflect.DeepEqual(c, Defaults()) {
		t.Errorf("%s loads as\n%+v\nwant the defaults\n%+v", exampleFile, c, Defaults())
	}
}

func TestExampleFileMentionsEveryKey(t *testing.T) {
	f, errs := readFile(exampleFile)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, k := range keys {
		if f.lines[k.name] == 0 {
			t.Errorf("%s does not set %s", exampleFile, k.name)
		}
	}
	for _, m := range mapKeys {
		if f.lines[m] == 0 {
			t.Errorf("%s does not show the %s section", exampleFile, m)
		}
	}
}

// TestExampleFileCommentedSectionsAreValid uncomments the example clients and platforms and
// loads them, so the examples a user copies work.
func TestExampleFileCommentedSectionsAreValid(t *testing.T) {
	data, err := os.ReadFile(exampleFile)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for line := range strings.Lines(string(data)) {
		switch {
		case line == "clients: {}\n":
			line = "clients:\n"
		case line == "platforms: {}\n":
			line = "platforms:\n"
		case strings.HasPrefix(line, "#  "):
			line = line[1:]
		}
		b.WriteString(line)
	}
	var check map[string]any
	if err := yaml.Unmarshal([]byte(b.String()), &check); err != nil {
		t.Fatalf("uncommented example is not YAML: %v\n%s", err, b.String())
	}
	c := mustLoad(t, LoadOptions{File: writeConfig(t, b.String()), Env: isolatedEnv(t)})
	acme, ok := c.Clients["acme"]
	if !ok || acme.TZ != "Europe/Berlin" || len(acme.Queue["acme-bsky"]) != 3 {
		t.Errorf("clients = %+v, want the acme example", c.Clients)
	}
	for _, p := range []string{"mastodon", "bluesky", "demo"} {
		if len(c.Platforms[p]) == 0 {
			t.Errorf("platforms.%s missing from the uncommented example: %+v", p, c.Platforms)
		}
	}
	if got := c.Platforms["bluesky"]["server"]; got != "https://bsky.social" {
		t.Errorf("platforms.bluesky.server = %v, want https://bsky.social", got)
	}
}
