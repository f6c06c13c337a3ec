package bluesky

import (
	"errors"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

func TestDMsFirstSyncThenTheLog(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	convo := e.srv.Convo(e.brand, e.stranger)
	e.srv.DM(e.stranger, convo, "do you ship to Norway?")
	page, err := ad.FetchDMs(ctxT(t), e.acct, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.More || !strings.HasPrefix(page.Cursor, "log:") {
		t.Fatalf("first sync %+v", page)
	}
	it := page.Items[0]
	if it.Kind != social.InboxDM || it.ConversationID != convo || it.AuthorHandle != "fan.test" || it.Text != "do you ship to Norway?" || it.CreatedAt.IsZero() {
		t.Errorf("item %+v", it)
	}
	if _, err := ad.SendDM(ctxT(t), e.acct, convo, platforms.Publishable{Parts: []social.Part{{Text: "Yes, we do!"}}, IdemKey: "k1"}); err != nil {
		t.Fatal(err)
	}
	e.srv.DM(e.stranger, convo, "great, thanks")
	page, err = ad.FetchDMs(ctxT(t), e.acct, page.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].Text != "great, thanks" {
		t.Errorf("log sync: %+v (our own message must not come back)", page.Items)
	}
	next, err := ad.FetchDMs(ctxT(t), e.acct, page.Cursor)
	if err != nil || len(next.Items) != 0 || next.More {
		t.Errorf("sync with nothing new: %+v, %v", next, err)
	}
}

func TestSendDMTwiceWithTheSameKeySendsOnce(t *testing.T) {
	e := newEnv(t)
	convo := e.srv.Convo(e.brand, e.stranger)
	p := platforms.Publishable{Parts: []social.Part{{Text: "Your order is on its way"}}, IdemKey: "dm-1"}
	first, err := e.adapter(t, nil).SendDM(ctxT(t), e.acct, convo, p)
	if err != nil {
		t.Fatal(err)
	}
	// After a crash: a new process, nothing in memory.
	again, err := e.adapter(t, nil).SendDM(ctxT(t), e.acct, convo, p)
	if err != nil || again.RemoteID != first.RemoteID {
		t.Fatalf("second send = %+v, %v; want %s", again, err, first.RemoteID)
	}
	if msgs := e.srv.Messages(convo); len(msgs) != 1 {
		t.Errorf("conversation has %q", msgs)
	}
}

func TestSendDMToAHandleStartsTheConversation(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	pub, err := ad.SendDM(ctxT(t), e.acct, "@fan.test", platforms.Publishable{Parts: []social.Part{{Text: "hi @fan.test"}}})
	if err != nil {
		t.Fatal(err)
	}
	convo := e.srv.Convo(e.brand, e.stranger)
	if msgs := e.srv.Messages(convo); len(msgs) != 1 || !strings.HasSuffix(pub.URL, convo) {
		t.Errorf("messages %q, URL %s", msgs, pub.URL)
	}
}

func TestDMsWithoutPermissionSayHowToFixIt(t *testing.T) {
	e := newEnv(t)
	e.sec.Set(e.acct.ID, e.srv.AppPassword(e.brand, false))
	ad := e.adapter(t, nil)
	_, err := ad.FetchDMs(ctxT(t), e.acct, "")
	var rej *platforms.RejectedError
	if !errors.As(err, &rej) || !strings.Contains(err.Error(), "direct messages") || !strings.Contains(err.Error(), "chorus accounts login acme-bsky") {
		t.Fatalf("FetchDMs without DM access = %v", err)
	}
	if n := e.srv.Calls("com.atproto.server.refreshSession"); n != 0 {
		t.Errorf("a scope refusal was taken for an expired session (%d refreshes)", n)
	}
	// Posting still works with that password.
	if _, err := ad.Publish(ctxT(t), e.acct, post("still here")); err != nil {
		t.Fatal(err)
	}
}

func TestDMRules(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	convo := e.srv.Convo(e.brand, e.stranger)
	img := writePNG(t, 2, 2, "x")
	for name, p := range map[string]platforms.Publishable{
		"too long": {Parts: []social.Part{{Text: strings.Repeat("a", MaxDMGraphemes+1)}}},
		"image":    {Parts: []social.Part{{Text: "x", Media: []social.Media{img}}}},
		"empty":    {Parts: []social.Part{{Text: " "}}},
	} {
		if _, err := ad.SendDM(ctxT(t), e.acct, convo, p); err == nil || platforms.Retryable(err) {
			t.Errorf("%s: %v, want a refusal", name, err)
		}
	}
}

func TestNoDMsOptionDropsTheCapability(t *testing.T) {
	e := newEnv(t)
	ad, err := New(platformsEnv(e, map[string]any{"dms": false}))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ad.(platforms.DirectMessager); ok {
		t.Error("dms: false still offers DirectMessager")
	}
	if c := platforms.Fill(ad); c.DMs || !c.Inbox || !c.Login {
		t.Errorf("capabilities %+v", c)
	}
}

func TestOptionsAreChecked(t *testing.T) {
	for _, opts := range []map[string]any{
		{"plc": "ftp://x"}, {"dms": "maybe"}, {"link_cards": "sometimes"}, {"max_image_bytes": -1},
		{"chat_service": "api.bsky.chat"}, {"unknown": 1},
	} {
		if _, err := New(platforms.Env{Options: opts}); err == nil {
			t.Errorf("options %v accepted", opts)
		}
	}
	if _, err := New(platforms.Env{Options: map[string]any{"dms": "false", "max_image_bytes": 2000000.0, "mark_seen": true}}); err != nil {
		t.Errorf("good options refused: %v", err)
	}
}

func platformsEnv(e *env, opts map[string]any) platforms.Env {
	o := map[string]any{"plc": e.srv.PLC()}
	for k, v := range opts {
		o[k] = v
	}
	return platforms.Env{Secrets: e.sec, Options: o}
}
