package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/config"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/composer"
)

func TestDemoWorkspaceIsKeptBetweenRunsUntilReset(t *testing.T) {
	sandbox(t)
	ctx := context.Background()
	path := config.DemoDBPath()
	open := func() *store.DB {
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	db := open()
	if err := ensureDemo(ctx, db, 1); err != nil {
		t.Fatal(err)
	}
	items, err := db.Inbox(ctx, store.InboxQuery{Limit: 5})
	if err != nil || len(items) == 0 {
		t.Fatalf("demo inbox: %d items, %v", len(items), err)
	}
	if err := db.SetDone(ctx, true, items[0].ID); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// A second --demo run finds the triage of the first.
	db = open()
	if err := ensureDemo(ctx, db, 1); err != nil {
		t.Fatal(err)
	}
	if it, err := db.InboxItem(ctx, items[0].ID); err != nil || !it.Done {
		t.Fatalf("after reopening: %+v %v", it, err)
	}
	db.Close()

	out, _, code := chorus(t, "", "demo", "reset")
	if code != 0 || !strings.Contains(out, "removed") {
		t.Fatalf("reset: %d %q", code, out)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("demo database still there: %v", err)
	}
	out, _, code = chorus(t, "", "demo", "reset")
	if code != 0 || !strings.Contains(out, "no demo workspace") {
		t.Fatalf("second reset: %d %q", code, out)
	}
}

// The demo workspace has what the composer's acceptance check needs: every client on two
// platforms with different rules, and images to attach where the image prompt looks.
func TestDemoWorkspaceHasTwoPlatformsAndSampleImages(t *testing.T) {
	sandbox(t)
	ctx := context.Background()
	db, err := store.Open(ctx, config.DemoDBPath())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := ensureDemo(ctx, db, 1); err != nil {
		t.Fatal(err)
	}
	accts, err := db.Accounts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	on := map[string]map[social.Platform]bool{}
	for _, a := range accts {
		if on[a.ClientID] == nil {
			on[a.ClientID] = map[social.Platform]bool{}
		}
		on[a.ClientID][a.Platform] = true
	}
	for c, ps := range on {
		if !ps["demo"] || !ps["demo-micro"] {
			t.Errorf("client %s is on %v", c, ps)
		}
	}
	dir := filepath.Join(filepath.Dir(config.DemoDBPath()), composer.SampleDirName)
	if imgs, _ := filepath.Glob(filepath.Join(dir, "*.*g")); len(imgs) < 2 {
		t.Errorf("sample images in %s: %v", dir, imgs)
	}
	// Both platforms answer with their own rules, seeded alike.
	out, e, code := chorus(t, "", "--db", config.DemoDBPath(), "post", "--account", "acme-photos", "--dry-run",
		"--text", strings.Repeat("a", 301))
	if code != 1 || !strings.Contains(out+e, "300") {
		t.Errorf("301 letters to demo-micro: %d %q %q", code, out, e)
	}
	if _, e, code := chorus(t, "", "--db", config.DemoDBPath(), "sync", "--client", "bloom"); code != 0 {
		t.Errorf("sync of a client on both platforms: %d %q", code, e)
	}
}
