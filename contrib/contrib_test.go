package contrib

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	plistFile = "launchd/social.chorus.daemon.plist"
	unitFile  = "systemd/chorus.service"
)

// readPlist decodes a property list's top dict: strings, integers, booleans, arrays and
// dicts, which is all a launchd job uses. Anything else, or malformed XML, is an error.
func readPlist(r io.Reader) (map[string]any, error) {
	d := xml.NewDecoder(r)
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("no <plist>: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local != "plist" {
				return nil, fmt.Errorf("root element is <%s>, want <plist>", se.Name.Local)
			}
			break
		}
	}
	v, err := plistValue(d)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("the plist does not hold a dict")
	}
	return m, nil
}

// plistValue reads the next value element.
func plistValue(d *xml.Decoder) (any, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil, io.EOF // the end of the enclosing array or dict
		case xml.StartElement:
			switch t.Name.Local {
			case "string", "integer", "key":
				var s string
				if err := d.DecodeElement(&s, &t); err != nil {
					return nil, err
				}
				if t.Name.Local == "key" {
					return key(s), nil
				}
				return s, nil
			case "true", "false":
				if err := d.Skip(); err != nil {
					return nil, err
				}
				return t.Name.Local == "true", nil
			case "array":
				var out []any
				for {
					v, err := plistValue(d)
					if err == io.EOF {
						return out, nil
					}
					if err != nil {
						return nil, err
					}
					out = append(out, v)
				}
			case "dict":
				out := map[string]any{}
				for {
					k, err := plistValue(d)
					if err == io.EOF {
						return out, nil
					}
					if err != nil {
						return nil, err
					}
					name, ok := k.(key)
					if !ok {
						return nil, fmt.Errorf("dict entry %v without a <key>", k)
					}
					v, err := plistValue(d)
					if err != nil {
						return nil, fmt.Errorf("dict key %s: %w", name, err)
					}
					out[string(name)] = v
				}
			}
			return nil, fmt.Errorf("unexpected <%s>", t.Name.Local)
		}
	}
}

type key string

// strs lists every string in a decoded plist value.
func strs(v any) []string {
	var out []string
	switch v := v.(type) {
	case string:
		out = append(out, v)
	case []any:
		for _, e := range v {
			out = append(out, strs(e)...)
		}
	case map[string]any:
		for _, e := range v {
			out = append(out, strs(e)...)
		}
	}
	return out
}

func TestLaunchdPlist(t *testing.T) {
	b, err := os.ReadFile(plistFile)
	if err != nil {
		t.Fatal(err)
	}
	// Installed as the README says: __HOME__ replaced by the home directory.
	installed := strings.ReplaceAll(string(b), "__HOME__", "/Users/ada")
	job, err := readPlist(strings.NewReader(installed))
	if err != nil {
		t.Fatalf("%s does not parse: %v", plistFile, err)
	}
	if job["Label"] != "social.chorus.daemon" {
		t.Errorf("Label = %v", job["Label"])
	}
	args, _ := job["ProgramArguments"].([]any)
	if len(args) != 2 || args[0] != "/Users/ada/go/bin/chorus" || args[1] != "daemon" {
		t.Errorf("ProgramArguments = %v, want [/Users/ada/go/bin/chorus daemon]", args)
	}
	if job["RunAtLoad"] != true {
		t.Errorf("RunAtLoad = %v, want true", job["RunAtLoad"])
	}
	if ka, _ := job["KeepAlive"].(map[string]any); ka["SuccessfulExit"] != false {
		t.Errorf("KeepAlive = %v, want restart after a failure", job["KeepAlive"])
	}
	for _, k := range []string{"StandardOutPath", "StandardErrorPath"} {
		if p, _ := job[k].(string); !strings.HasPrefix(p, "/Users/ada/Library/Logs/") {
			t.Errorf("%s = %q, want a file in ~/Library/Logs", k, p)
		}
	}
	for _, s := range strs(job) {
		if strings.Contains(s, "~") || strings.Contains(s, "$") {
			t.Errorf("%q: launchd expands neither ~ nor variables; write __HOME__", s)
		}
	}
	if plutil, err := exec.LookPath("plutil"); err == nil {
		f := filepath.Join(t.TempDir(), "job.plist")
		os.WriteFile(f, []byte(installed), 0o600)
		if out, err := exec.Command(plutil, "-lint", f).CombinedOutput(); err != nil {
			t.Errorf("plutil -lint: %v\n%s", err, out)
		}
	}
}

// unit reads a systemd unit file as section → key → values.
func unit(t *testing.T) map[string]map[string][]string {
	f, err := os.Open(unitFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]map[string][]string{}
	section := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			out[section] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || section == "" {
				t.Fatalf("%s:%d: %q is not key=value in a section", unitFile, n, line)
			}
			out[section][k] = append(out[section][k], v)
		}
	}
	return out
}

func TestSystemdUnit(t *testing.T) {
	u := unit(t)
	for _, c := range []struct{ section, key, want string }{
		{"Service", "Type", "simple"},
		{"Service", "ExecStart", "%h/go/bin/chorus daemon"},
		{"Service", "Restart", "on-failure"},
		{"Install", "WantedBy", "default.target"},
	} {
		if got := u[c.section][c.key]; len(got) != 1 || got[0] != c.want {
			t.Errorf("[%s] %s = %v, want %s", c.section, c.key, got, c.want)
		}
	}
	// Settings that need a mount namespace fail to start a user service where
	// unprivileged user namespaces are off.
	for _, k := range []string{"ProtectSystem", "ProtectHome", "PrivateTmp", "ReadWritePaths", "PrivateUsers"} {
		if _, ok := u["Service"][k]; ok {
			t.Errorf("%s needs a mount namespace: leave it out of a user unit", k)
		}
	}
}

// systemd-analyze, where installed, checks every key and value as systemd reads them.
func TestSystemdAnalyzeVerify(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("no systemd-analyze here")
	}
	home, runtime := t.TempDir(), t.TempDir()
	bin := filepath.Join(home, "go", "bin")
	os.MkdirAll(bin, 0o700)
	if err := os.WriteFile(filepath.Join(bin, "chorus"), []byte("#!/bin/sh\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(analyze, "verify", "--user", unitFile)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_RUNTIME_DIR="+runtime)
	out, err := cmd.CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify --user %s: %v\n%s", unitFile, err, out)
	}
}

func TestReadmeSaysHowToInstall(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"systemctl --user enable --now chorus", "journalctl --user -u chorus",
		`sed "s|__HOME__|$HOME|g" contrib/launchd/social.chorus.daemon.plist`,
		"launchctl bootstrap gui/$(id -u) ~/Library/LaunchAgents/social.chorus.daemon.plist",
		"~/Library/Logs/chorus-daemon.log", "chorus daemon --status",
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("contrib/README.md does not say %q", want)
		}
	}
}

func TestReadPlistRejectsBrokenFiles(t *testing.T) {
	for _, s := range []string{
		`<plist><dict><key>RunAtLoad</key><true></dict></plist>`,
		`<plist><dict><string>x</string><string>y</string></dict></plist>`,
		`<plist><dict><key>Label</key><data>eA==</data></dict></plist>`,
		`<dict></dict>`,
	} {
		if _, err := readPlist(strings.NewReader(s)); err == nil {
			t.Errorf("%s: parsed", s)
		}
	}
}
