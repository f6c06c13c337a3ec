package bluesky_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/internal/logbuf"

	"github.com/chorus-social/chorus/engine"
	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/bluesky"
	"github.com/chorus-social/chorus/secrets"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// The integration test runs the adapter, the engine's syncer and the store against the
// real local Bluesky network of ../shared/peers (PLC, PDS, AppView from @atproto/dev-env):
//
//	/work/shared/peers/bluesky/run.sh full      # wait for READY
//	CHORUS_BLUESKY_PEER=1 go test -run TestRealNetwork -v ./platforms/bluesky/
//
// Without CHORUS_BLUESKY_PEER=1 it runs when the PDS answers on 127.0.0.1:2583 and skips
// otherwise. CHORUS_BLUESKY_PDS and CHORUS_BLUESKY_PLC point it elsewhere.

func peerURLs() (pds, plc string) {
	pds, plc = os.Getenv("CHORUS_BLUESKY_PDS"), os.Getenv("CHORUS_BLUESKY_PLC")
	if pds == "" {
		pds = "http://127.0.0.1:2583"
	}
	if plc == "" {
		plc = "http://127.0.0.1:2582"
	}
	return pds, plc
}

// needPeer skips unless the peer is wanted or answering.
func needPeer(t *testing.T, pds string) {
	t.Helper()
	c := &http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get(pds + "/xrpc/_health")
	if err == nil {
		resp.Body.Close()
	}
	switch {
	case os.Getenv("CHORUS_BLUESKY_PEER") == "1" && err != nil:
		t.Fatalf("CHORUS_BLUESKY_PEER=1 but the PDS at %s does not answer: %v", pds, err)
	case err != nil:
		t.Skipf("SKIPPED: no Bluesky peer at %s (start it with /work/shared/peers/bluesky/run.sh full, or set CHORUS_BLUESKY_PEER=1 to require it)", pds)
	}
}

// createAccount makes an account on the peer (invites are off there).
func createAccount(t *testing.T, pds, handle, password string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"handle": handle, "email": strings.ReplaceAll(handle, ".", "-") + "@example.com", "password": password})
	resp, err := http.Post(pds+"/xrpc/com.atproto.server.createAccount", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		t.Fatalf("createAccount %s: %d %s", handle, resp.StatusCode, b.String())
	}
}

// eventually retries check until it passes or time runs out: the AppView indexes
// asynchronously.
func eventually(t *testing.T, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func pngFile(t *testing.T) social.Media {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			m.Set(x, y, color.RGBA{R: uint8(4 * x), G: uint8(5 * y), B: 160, A: 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, m)
	path := filepath.Join(t.TempDir(), "kayak.png")
	os.WriteFile(path, b.Bytes(), 0o600)
	return social.Media{Path: path, Mime: "image/png", Alt: "A blue gradient standing in for a kayak photo", Size: int64(b.Len())}
}

// getRecord reads a record from the PDS as anyone may.
func getRecord(t *testing.T, pds, uri string, out any) {
	t.Helper()
	parts := strings.Split(strings.TrimPrefix(uri, "at://"), "/")
	q := url.Values{"repo": {parts[0]}, "collection": {parts[1]}, "rkey": {parts[2]}}
	resp, err := http.Get(pds + "/xrpc/com.atproto.repo.getRecord?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}

func TestRealNetwork(t *testing.T) {
	pds, plc := peerURLs()
	needPeer(t, pds)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	var rb [4]byte
	rand.Read(rb[:])
	run := hex.EncodeToString(rb[:])
	brandHandle, fanHandle := "acme"+run+".test", "fan"+run+".test"
	createAccount(t, pds, brandHandle, "acme-password-"+run)
	createAccount(t, pds, fanHandle, "fan-password-"+run)

	sec := secrets.NewMemory(map[string]string{"acme": "acme-password-" + run, "fan": "fan-password-" + run})
	reg, err := platforms.Lookup(bluesky.Name)
	if err != nil {
		t.Fatal(err)
	}
	// The local network has no chat service: DMs off (chat calls answer 500 there).
	ad, err := reg.New(platforms.Env{Secrets: sec, Options: map[string]any{"plc": plc, "dms": false, "link_cards": "plain"}})
	if err != nil {
		t.Fatal(err)
	}
	auth := ad.(platforms.Authenticator)
	brand := social.Account{ID: "acme", ClientID: "acme", Platform: bluesky.Name, Server: pds, Handle: brandHandle}
	fan := social.Account{ID: "fan", ClientID: "fans", Platform: bluesky.Name, Server: pds, Handle: fanHandle}
	for _, a := range []*social.Account{&brand, &fan} {
		if err := auth.Verify(ctx, a); err != nil {
			t.Fatalf("Verify %s: %v", a.Handle, err)
		}
		if !strings.HasPrefix(a.RemoteID, "did:plc:") || a.DisplayName == "" {
			t.Fatalf("Verify filled %+v", a)
		}
	}

	// The brand publishes a thread: an image with alt text, then a link, a tag and a mention.
	thread := platforms.Publishable{IdemKey: "it-thread-" + run, Lang: "en", Parts: []social.Part{
		{Text: "Our new kayak is here 🛶 #launch", Media: []social.Media{pngFile(t)}},
		{Text: fmt.Sprintf("Details at https://example.com/kayaks — thanks @%s for testing!", fanHandle)},
	}}
	pub, err := ad.Publish(ctx, brand, thread)
	if err != nil {
		t.Fatalf("Publish thread: %v", err)
	}
	if len(pub.Parts) != 2 {
		t.Fatalf("Published %+v", pub)
	}
	// A retry with the same key meets the real PDS's refusal of the taken record key and
	// returns the same posts.
	again, err := ad.Publish(ctx, brand, thread)
	if err != nil || !slices.Equal(again.Parts, pub.Parts) {
		t.Fatalf("second Publish with the same key = %+v, %v; want %q", again, err, pub.Parts)
	}
	if found, ok, err := ad.(platforms.Reconciler).FindPublished(ctx, brand, thread.IdemKey, pub.At); err != nil || !ok || !slices.Equal(found.Parts, pub.Parts) {
		t.Fatalf("FindPublished = %+v, %v, %v", found, ok, err)
	}

	// The fan answers once the thread shows in the AppView, as a person would: a reply
	// the AppView indexes before its parent makes no notification (seen on this network:
	// a reply sent milliseconds after the post never reached the brand's notifications).
	mr := ad.(platforms.MetricsReader)
	eventually(t, "the thread shows in the AppView", func() error {
		pts, err := mr.PostMetrics(ctx, fan, pub.Parts)
		if err != nil || len(pts) < 2*4 {
			return fmt.Errorf("%d metric points, %v", len(pts), err)
		}
		return nil
	})

	// The fan replies, mentions the brand in a post of their own and likes the first part.
	reply, err := ad.(platforms.Replier).Reply(ctx, fan, pub.Parts[0], platforms.Publishable{IdemKey: "it-reply-" + run,
		Parts: []social.Part{{Text: "Looks great! Does it come in red?"}}})
	if err != nil {
		t.Fatalf("fan Reply: %v", err)
	}
	mention, err := ad.Publish(ctx, fan, platforms.Publishable{IdemKey: "it-mention-" + run,
		Parts: []social.Part{{Text: "Everyone go look at @" + brandHandle + "'s new boat"}}})
	if err != nil {
		t.Fatalf("fan mention: %v", err)
	}
	if err := ad.(platforms.Liker).Like(ctx, fan, pub.Parts[0]); err != nil {
		t.Fatalf("fan Like: %v", err)
	}

	// The brand's session token goes bad; the next calls must refresh without asking.
	raw, _ := sec.Get("acme")
	var s map[string]any
	json.Unmarshal([]byte(raw), &s)
	s["accessJwt"] = "eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJIUzI1NiJ9.e30.invalid"
	b, _ := json.Marshal(s)
	sec.Set("acme", string(b))

	// chorus syncs: the engine pulls the brand's inbox into the store.
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutClient(ctx, social.Client{ID: "acme", Name: "Acme", TZ: "UTC"}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutAccount(ctx, brand); err != nil {
		t.Fatal(err)
	}
	set := platforms.NewSet(platforms.Env{}, nil)
	var logs logbuf.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	fresh, err := reg.New(platforms.Env{Secrets: sec, Log: log, Options: map[string]any{"plc": plc, "dms": false}})
	if err != nil {
		t.Fatal(err)
	}
	set.Put(fresh) // a new process: it reads the (now broken) stored session
	syncer := &engine.Syncer{DB: db, Platforms: set, MetricsEvery: time.Millisecond}
	var items []social.InboxItem
	eventually(t, "the brand's inbox in the store shows the reply, the mention and the like", func() error {
		rep, err := syncer.SyncClient(ctx, "acme")
		if err != nil {
			return err
		}
		if err := rep.Err(); err != nil {
			return err
		}
		items, err = db.Inbox(ctx, store.InboxQuery{All: true, Limit: 100})
		if err != nil {
			return err
		}
		kinds := map[string]social.InboxKind{}
		for _, it := range items {
			kinds[it.RemoteID] = it.Kind
		}
		if kinds[reply.RemoteID] != social.InboxReply || kinds[mention.RemoteID] != social.InboxMention {
			return fmt.Errorf("store has %v; want reply %s and mention %s", kinds, reply.RemoteID, mention.RemoteID)
		}
		for _, it := range items {
			if it.Kind == social.InboxLike && it.AuthorID == fan.RemoteID {
				return nil
			}
		}
		return errors.New("no like from the fan yet")
	})

	if !strings.Contains(logs.String(), "session expired; renewing") {
		t.Error("the broken access token was not renewed through refreshSession")
	}
	if strings.Contains(logs.String(), "acme-password-"+run) {
		t.Error("the password is in the log")
	}

	// What the PDS stored: facets on the right bytes, the image with alt text and aspect
	// ratio, a link card on the part without an image.
	var first, second struct {
		Value struct {
			Text   string
			Langs  []string
			Facets []struct {
				Index    struct{ ByteStart, ByteEnd int }
				Features []struct{ DID, URI, Tag string }
			}
			Embed struct {
				Type   string `json:"$type"`
				Images []struct {
					Alt         string
					AspectRatio struct{ Width, Height int }
				}
				External struct{ URI string }
			}
		}
	}
	getRecord(t, pds, pub.Parts[0], &first)
	getRecord(t, pds, pub.Parts[1], &second)
	if im := first.Value.Embed.Images; len(im) != 1 || im[0].Alt == "" || im[0].AspectRatio.Width != 64 || im[0].AspectRatio.Height != 48 {
		t.Errorf("first part's image embed %+v", first.Value.Embed)
	}
	if fmt.Sprint(first.Value.Langs) != "[en]" {
		t.Errorf("langs %v", first.Value.Langs)
	}
	covered := map[string]string{}
	for _, part := range []struct {
		text   string
		facets []struct {
			Index    struct{ ByteStart, ByteEnd int }
			Features []struct{ DID, URI, Tag string }
		}
	}{{first.Value.Text, first.Value.Facets}, {second.Value.Text, second.Value.Facets}} {
		for _, f := range part.facets {
			ft := f.Features[0]
			covered[part.text[f.Index.ByteStart:f.Index.ByteEnd]] = ft.DID + ft.URI + ft.Tag
		}
	}
	want := map[string]string{"#launch": "launch", "https://example.com/kayaks": "https://example.com/kayaks", "@" + fanHandle: fan.RemoteID}
	if fmt.Sprint(covered) != fmt.Sprint(want) {
		t.Errorf("facets cover %v, want %v", covered, want)
	}
	if second.Value.Embed.Type != "app.bsky.embed.external" || second.Value.Embed.External.URI != "https://example.com/kayaks" {
		t.Errorf("second part's embed %+v", second.Value.Embed)
	}

	// The brand answers and likes back; liking twice is fine.
	answer, err := fresh.(platforms.Replier).Reply(ctx, brand, reply.RemoteID, platforms.Publishable{IdemKey: "it-answer-" + run,
		Parts: []social.Part{{Text: "It does! Red and yellow 🔴🟡"}}})
	if err != nil {
		t.Fatalf("brand Reply: %v", err)
	}
	for range 2 {
		if err := fresh.(platforms.Liker).Like(ctx, brand, reply.RemoteID); err != nil {
			t.Fatalf("brand Like: %v", err)
		}
	}

	// Thread context and metrics, once the AppView has caught up.
	eventually(t, "the thread shows the fan's reply and the brand's answer", func() error {
		th, err := fresh.(platforms.ThreadReader).Thread(ctx, brand, reply.RemoteID)
		if err != nil {
			return err
		}
		var ids []string
		for _, it := range th {
			ids = append(ids, it.RemoteID)
		}
		if len(ids) < 3 || ids[0] != pub.Parts[0] || !slices.Contains(ids, answer.RemoteID) {
			return fmt.Errorf("thread %q", ids)
		}
		return nil
	})
	mr = fresh.(platforms.MetricsReader)
	eventually(t, "metrics count the like and the replies", func() error {
		pts, err := mr.PostMetrics(ctx, brand, pub.Parts)
		if err != nil {
			return err
		}
		got := map[string]int64{}
		for _, p := range pts {
			if p.PostRemoteID == pub.Parts[0] {
				got[p.Name] = p.Value
			}
		}
		if got[social.MetricLikes] != 1 || got[social.MetricReplies] < 2 { // the fan's reply and part 2
			return fmt.Errorf("first part's metrics %v", got)
		}
		acc, err := mr.AccountMetrics(ctx, brand)
		if err != nil {
			return err
		}
		for _, p := range acc {
			if p.Name == social.MetricPosts && p.Value >= 3 {
				return nil
			}
		}
		return fmt.Errorf("account metrics %+v", acc)
	})
	fanLikes, err := fresh.(platforms.MetricsReader).PostMetrics(ctx, fan, []string{reply.RemoteID})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range fanLikes {
		if p.Name == social.MetricLikes && p.Value != 1 {
			t.Errorf("the fan's reply has %d likes after two Like calls, want 1", p.Value)
		}
	}
	t.Logf("real network: thread %s, %d inbox items in the store", pub.RemoteID, len(items))
}
