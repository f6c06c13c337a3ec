package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// writePNG makes a small image to attach.
func writePNG(t *testing.T, path string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestMastodonEndToEnd drives the CLI as a user would against a local Mastodon instance:
// add the account with a token, publish a thread with an image, sync the replies.
func TestMastodonEndToEnd(t *testing.T) {
	home := sandbox(t)
	srv := mastodontest.New(t, mastodontest.Options{})
	chorus(t, "", "clients", "add", "acme", "--tz", "Europe/Berlin")
	out, e, code := chorus(t, srv.Token+"\n", "accounts", "add", "--client", "acme", "--platform", "mastodon",
		"--server", srv.URL, "--handle", srv.SelfUsername, "--token-stdin")
	if code != 0 {
		t.Fatalf("accounts add: %d %s", code, e)
	}
	id := strings.TrimSpace(out)

	img := filepath.Join(home, "square.png")
	writePNG(t, img)
	out, e, code = chorus(t, "", "post", "--account", id, "--text", "Hello from chorus https://example.com",
		"--thread", "and a second part", "--media", img, "--alt", "a grey square", "--lang", "en", "--cw", "test post", "--json")
	var res []map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 || res[0]["status"] != "published" {
		t.Fatalf("post: %d %s %s", code, out, e)
	}

	db, err := store.Open(context.Background(), filepath.Join(home, "data", "chorus", "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tg, err := db.Target(context.Background(), int64(res[0]["target"].(float64)))
	if err != nil || len(tg.SentParts) != 2 {
		t.Fatalf("target %+v %v", tg, err)
	}
	first, _ := srv.Status(tg.SentParts[0])
	second, _ := srv.Status(tg.SentParts[1])
	if first.SpoilerText != "test post" || first.Language != "en" || len(first.MediaDescriptions) != 1 ||
		first.MediaDescriptions[0] != "a grey square" || second.InReplyToID != tg.SentParts[0] {
		t.Fatalf("on the instance: %+v / %+v", first, second)
	}

	srv.AddNotifications(12)
	out, e, code = chorus(t, "", "sync", "--json")
	if code != 0 || !strings.Contains(out, `"new_items"`) {
		t.Fatalf("sync: %d %s %s", code, out, e)
	}
	items, err := db.Inbox(context.Background(), store.InboxQuery{ClientID: "acme", Kinds: []social.InboxKind{social.InboxReply}})
	if err != nil || len(items) == 0 {
		t.Fatalf("no replies in the store after sync: %v %v", items, err)
	}
	// The token lives only in the secrets file.
	dbFile := filepath.Join(home, "data", "chorus", "chorus.db")
	for _, f := range []string{dbFile, dbFile + "-wal", filepath.Join(home, "state", "chorus", "chorus.log")} {
		if b, _ := os.ReadFile(f); bytes.Contains(b, []byte(srv.Token)) {
			t.Errorf("the token is in %s", f)
		}
	}
}

// TestMastodonServerScheduling hands a post to the instance to publish at its time, and
// takes it back again.
func TestMastodonServerScheduling(t *testing.T) {
	home := sandbox(t)
	srv := mastodontest.New(t, mastodontest.Options{})
	chorus(t, "", "clients", "add", "acme", "--server-scheduling")
	out, e, code := chorus(t, srv.Token+"\n", "accounts", "add", "--client", "acme", "--platform", "mastodon",
		"--server", srv.URL, "--handle", srv.SelfUsername, "--token-stdin")
	if code != 0 {
		t.Fatalf("accounts add: %d %s", code, e)
	}
	id := strings.TrimSpace(out)
	out, e, code = chorus(t, "", "post", "--account", id, "--text", "goes out with the laptop shut", "--at", "+2h", "--json")
	var res []map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
		t.Fatalf("post: %d %s %s", code, out, e)
	}
	target := int64(res[0]["target"].(float64))
	if _, e, code := chorus(t, "", "publish", "--due"); code != 0 {
		t.Fatalf("publish: %d %s", code, e)
	}
	db, err := store.Open(context.Background(), filepath.Join(home, "data", "chorus", "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tg, _ := db.Target(context.Background(), target)
	if tg.ServerRef == "" || srv.ScheduledCount() != 1 {
		t.Fatalf("not handed to the instance: %+v, %d scheduled there", tg, srv.ScheduledCount())
	}
	if _, e, code := chorus(t, "", "withdraw", fmt.Sprint(target)); code != 0 {
		t.Fatalf("withdraw: %d %s", code, e)
	}
	if tg, _ := db.Target(context.Background(), target); tg.ServerRef != "" || srv.ScheduledCount() != 0 {
		t.Fatalf("after withdraw: %+v, %d scheduled there", tg, srv.ScheduledCount())
	}
}
