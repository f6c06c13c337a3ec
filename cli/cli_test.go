package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/store"
)

// sandbox gives each test its own HOME and XDG dirs, so nothing touches the real ones.
func sandbox(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(home, "state"))
	t.Setenv("CHORUS_SECRETS_BACKEND", "file")
	return home
}

// chorus runs the CLI and returns stdout, stderr and the exit code.
func chorus(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func TestClientsAndAccountsRoundTrip(t *testing.T) {
	sandbox(t)
	if _, e, code := chorus(t, "", "clients", "add", "acme", "--name", "Acme Co", "--tz", "Europe/Berlin"); code != 0 {
		t.Fatalf("clients add: %d %s", code, e)
	}
	out, e, code := chorus(t, "", "accounts", "add", "--client", "acme", "--platform", "demo", "--handle", "@Acme@social.demo")
	if code != 0 || strings.TrimSpace(out) != "demo-acme-social.demo" {
		t.Fatalf("accounts add: %d %q %s", code, out, e)
	}
	out, _, _ = chorus(t, "", "accounts", "list", "--json")
	var accts []map[string]string
	if err := json.Unmarshal([]byte(out), &accts); err != nil || len(accts) != 1 || accts[0]["client"] != "acme" {
		t.Fatalf("accounts list --json: %v %s", err, out)
	}
	out, _, _ = chorus(t, "", "clients", "list")
	if !strings.HasPrefix(out, "ID") || !strings.Contains(out, "Europe/Berlin") {
		t.Fatalf("clients list:\n%s", out)
	}
}

func TestExitCodes(t *testing.T) {
	sandbox(t)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"clients", "add", "Bad ID"}, 2, "client id"},
		{[]string{"clients", "add", "acme", "--tz", "Mars/Base"}, 1, "unknown time zone"},
		{[]string{"--no-such-flag"}, 2, "unknown flag"},
		{[]string{"post", "--text", "hi"}, 2, "--account"},
		{[]string{"post", "--account", "nope", "--text", "hi"}, 1, "no account \"nope\""},
		{[]string{"accounts", "add", "--client", "ghost", "--platform", "demo", "--handle", "x"}, 1, "add it first"},
		{[]string{"accounts", "add", "--client", "c", "--platform", "myspace", "--handle", "x"}, 2, "unknown platform"},
		{[]string{"publish"}, 2, "--due"},
	} {
		_, e, code := chorus(t, "", tc.args...)
		if code != tc.code || !strings.Contains(e, tc.msg) {
			t.Errorf("chorus %v: exit %d (want %d), stderr %q (want it to say %q)", tc.args, code, tc.code, e, tc.msg)
		}
	}
}

func TestBadConfigNamesFileAndKey(t *testing.T) {
	home := sandbox(t)
	cfg := filepath.Join(home, "bad.yaml")
	os.WriteFile(cfg, []byte("sync:\n  interval: 5x\n"), 0o600)
	_, e, code := chorus(t, "", "--config", cfg, "clients", "list")
	if code != 1 || !strings.Contains(e, cfg) || !strings.Contains(e, "sync.interval") {
		t.Fatalf("exit %d, stderr %q", code, e)
	}
}

func TestPostPublishesNowAndSchedulesLater(t *testing.T) {
	sandbox(t)
	chorus(t, "", "clients", "add", "acme", "--tz", "America/New_York")
	chorus(t, "", "accounts", "add", "--client", "acme", "--platform", "demo", "--handle", "acme", "--id", "acme-demo")
	out, e, code := chorus(t, "", "post", "--account", "acme-demo", "--text", "hello", "--thread", "part two", "--json")
	if code != 0 {
		t.Fatalf("post: %d %s", code, e)
	}
	var res []map[string]any
	json.Unmarshal([]byte(out), &res)
	if len(res) != 1 || res[0]["status"] != "published" || res[0]["url"] == nil {
		t.Fatalf("post now: %s", out)
	}
	out, _, code = chorus(t, "", "post", "--account", "acme-demo", "--text", "later", "--at", "+1h", "--json")
	json.Unmarshal([]byte(out), &res)
	if code != 0 || res[0]["status"] != "scheduled" {
		t.Fatalf("post later: %s", out)
	}
	// Nothing is due yet: publish --due sends nothing.
	if _, e, code := chorus(t, "", "publish", "--due"); code != 0 || !strings.Contains(e, "0 published") {
		t.Fatalf("publish --due: %d %s", code, e)
	}
}

func TestDryRunReportsOverLimitAndSavesNothing(t *testing.T) {
	sandbox(t)
	out, _, code := chorus(t, "", "post", "--platform", "demo", "--dry-run", "--json", "--text", strings.Repeat("a", 501))
	var checks []check
	if err := json.Unmarshal([]byte(out), &checks); err != nil || code != 1 {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	if checks[0].Lengths[0] != 501 || checks[0].Limit != 500 || len(checks[0].Problems) != 1 {
		t.Fatalf("%+v", checks[0])
	}
	out, _, code = chorus(t, "", "post", "--platform", "demo", "--dry-run", "--text", "fine")
	if code != 0 || !strings.Contains(out, "ok") {
		t.Fatalf("exit %d: %s", code, out)
	}
}

func TestTokenFromStdinIsStoredNotPrinted(t *testing.T) {
	home := sandbox(t)
	chorus(t, "", "clients", "add", "acme")
	const token = "s3cr3t-token-value"
	out, e, code := chorus(t, token+"\n", "accounts", "add", "--client", "acme", "--platform", "demo", "--handle", "acme", "--token-stdin")
	if code != 0 {
		t.Fatalf("%d %s", code, e)
	}
	if strings.Contains(out+e, token) {
		t.Fatal("the token was printed")
	}
	// It is in the 0600 secrets file, and nowhere in the database or the log.
	var found []string
	filepath.Walk(home, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(token)) {
				found = append(found, filepath.Base(p))
			}
		}
		return nil
	})
	if len(found) != 1 || found[0] != "secrets.json" {
		t.Fatalf("token found in %v, want only secrets.json", found)
	}
}

func TestSeedAndSync(t *testing.T) {
	home := sandbox(t)
	db := filepath.Join(home, "x.db")
	out, e, code := chorus(t, "", "demo", "seed", "--db", db, "--inbox", "300", "--posts", "30", "--metrics", "500")
	if code != 0 || !strings.Contains(out, "300 inbox items") {
		t.Fatalf("seed: %d %s %s", code, out, e)
	}
	out, e, code = chorus(t, "", "--db", db, "sync", "--json")
	if code != 0 || !strings.Contains(out, `"accounts"`) {
		t.Fatalf("sync: %d %s %s", code, out, e)
	}
	if _, _, code := chorus(t, "", "demo", "seed"); code != 2 {
		t.Fatalf("seed without --db: exit %d, want 2", code)
	}
}

func TestDoctor(t *testing.T) {
	sandbox(t)
	chorus(t, "", "clients", "add", "acme")
	chorus(t, "", "accounts", "add", "--client", "acme", "--platform", "demo", "--handle", "acme")
	out, e, code := chorus(t, "", "doctor")
	if code != 0 || !strings.Contains(out, "ok    database") || !strings.Contains(out, "account demo-acme") {
		t.Fatalf("doctor: %d\n%s%s", code, out, e)
	}
}

func TestDoctorFlagsAccountThatNeedsLogin(t *testing.T) {
	home := sandbox(t)
	chorus(t, "", "clients", "add", "acme")
	chorus(t, "", "accounts", "add", "--client", "acme", "--platform", "demo", "--handle", "acme", "--id", "acme-demo")
	chorus(t, "", "post", "--account", "acme-demo", "--text", "later", "--at", "+2h")
	db, err := store.Open(context.Background(), filepath.Join(home, "data", "chorus", "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetNeedsLogin(context.Background(), "acme-demo", true, "token revoked")
	db.Close()
	out, _, code := chorus(t, "", "doctor")
	if code != 1 || !strings.Contains(out, "needs login: token revoked") || !strings.Contains(out, "1 scheduled posts will fail") {
		t.Fatalf("doctor: %d\n%s", code, out)
	}
	if _, e, code := chorus(t, "", "accounts", "login", "acme-demo"); code != 0 {
		t.Fatalf("login: %d %s", code, e)
	}
	if out, _, code := chorus(t, "", "doctor"); code != 0 || !strings.Contains(out, "last sync never") {
		t.Fatalf("doctor after login: %d\n%s", code, out)
	}
}

func TestDryRunJSONShowsTheRequests(t *testing.T) {
	sandbox(t)
	out, _, code := chorus(t, "", "post", "--platform", "demo", "--dry-run", "--json", "--text", "one", "--thread", "two")
	var checks []struct {
		Requests []map[string]any `json:"requests"`
	}
	if err := json.Unmarshal([]byte(out), &checks); err != nil || code != 0 {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	if r := checks[0].Requests; len(r) != 2 || r[1]["text"] != "two" || r[1]["part"] != float64(2) {
		t.Fatalf("requests %v", r)
	}
}

func TestDryRunShowsBlueskyFacetsInBytes(t *testing.T) {
	sandbox(t)
	out, e, code := chorus(t, "", "post", "--platform", "bluesky", "--dry-run", "--json",
		"--text", "Grüße 👋 from @alice.test see example.com/x #chorus")
	var checks []struct {
		Requests []struct {
			Rkey   string `json:"rkey"`
			Record struct {
				Facets []struct {
					Index struct {
						ByteStart int `json:"byteStart"`
						ByteEnd   int `json:"byteEnd"`
					} `json:"index"`
				} `json:"facets"`
			} `json:"record"`
		} `json:"requests"`
	}
	if err := json.Unmarshal([]byte(out), &checks); err != nil || code != 0 {
		t.Fatalf("exit %d, %v: %s %s", code, err, out, e)
	}
	text := "Grüße 👋 from @alice.test see example.com/x #chorus"
	r := checks[0].Requests[0]
	if r.Rkey == "" || len(r.Record.Facets) != 3 {
		t.Fatalf("request %+v", r)
	}
	if f := r.Record.Facets[0].Index; text[f.ByteStart:f.ByteEnd] != "@alice.test" {
		t.Fatalf("mention facet covers %q", text[f.ByteStart:f.ByteEnd])
	}
}
