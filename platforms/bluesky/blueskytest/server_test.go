package blueskytest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// The fake is only worth its checks if it answers as the real PDS does. TestParity sends
// the same raw XRPC requests to it and, when one runs, to the reference PDS
// (/work/shared/peers/bluesky/run.sh full serves it on 127.0.0.1:2583; run.sh pds on :2683,
// named by CHORUS_BLUESKY_PDS), and expects the same status and XRPC error from both.

// target is a server under test.
type target struct {
	name string
	url  string
	// account makes an account and returns its DID.
	account func(t *testing.T, handle, password string) string
}

// xcall is one raw XRPC request.
func xcall(t *testing.T, base, method, nsid, token string, header map[string]string, body []byte) (int, map[string]any, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(method, base+"/xrpc/"+nsid, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil && header["Content-Type"] == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(data, &out)
	return resp.StatusCode, out, resp.Header
}

func jsonBody(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func login(t *testing.T, base, id, pw string) (access, refresh string) {
	t.Helper()
	st, out, _ := xcall(t, base, "POST", "com.atproto.server.createSession", "", nil, jsonBody(map[string]string{"identifier": id, "password": pw}))
	if st != 200 {
		t.Fatalf("createSession %s: %d %v", id, st, out)
	}
	return out["accessJwt"].(string), out["refreshJwt"].(string)
}

func targets(t *testing.T) []target {
	fake := New(t)
	out := []target{{name: "fake", url: fake.URL, account: func(_ *testing.T, handle, pw string) string {
		return fake.CreateAccount(handle, pw, false).DID
	}}}
	real := os.Getenv("CHORUS_BLUESKY_PDS")
	if real == "" {
		real = "http://127.0.0.1:2583"
	}
	c := &http.Client{Timeout: 2 * time.Second}
	if resp, err := c.Get(real + "/xrpc/_health"); err == nil {
		resp.Body.Close()
		out = append(out, target{name: "reference PDS", url: real, account: func(t *testing.T, handle, pw string) string {
			st, res, _ := xcall(t, real, "POST", "com.atproto.server.createAccount", "", nil,
				jsonBody(map[string]string{"handle": handle, "password": pw, "email": strings.ReplaceAll(handle, ".", "-") + "@example.com"}))
			if st != 200 {
				t.Fatalf("createAccount on the reference PDS: %d %v", st, res)
			}
			return res["did"].(string)
		}})
	} else {
		t.Logf("no reference PDS at %s: checking the fake alone (to compare, start /work/shared/peers/bluesky/run.sh full, "+
			"or run.sh pds with CHORUS_BLUESKY_PDS=http://127.0.0.1:2683)", real)
	}
	return out
}

func TestParity(t *testing.T) {
	for _, tg := range targets(t) {
		t.Run(tg.name, func(t *testing.T) {
			var b [4]byte
			rand.Read(b[:])
			run := hex.EncodeToString(b[:])
			alice, bob := "alice"+run+".test", "bob"+run+".test"
			aliceDID := tg.account(t, alice, "alice-pass")
			bobDID := tg.account(t, bob, "bob-pass")
			access, _ := login(t, tg.url, alice, "alice-pass")
			post := func(rkey string, text any) []byte {
				rec := map[string]any{"$type": "app.bsky.feed.post", "createdAt": "2026-11-30T00:00:00.000Z"}
				if text != nil {
					rec["text"] = text
				}
				in := map[string]any{"repo": aliceDID, "collection": "app.bsky.feed.post", "record": rec}
				if rkey != "" {
					in["rkey"] = rkey
				}
				return jsonBody(in)
			}
			// A record key to collide on.
			if st, out, _ := xcall(t, tg.url, "POST", "com.atproto.repo.createRecord", access, nil, post("3kabcdefghij2", "first")); st != 200 {
				t.Fatalf("create: %d %v", st, out)
			}
			for _, c := range []struct {
				name, method, nsid, token string
				body                      []byte
				header                    map[string]string
				status                    int
				code                      string
			}{
				{"wrong password", "POST", "com.atproto.server.createSession", "", jsonBody(map[string]string{"identifier": alice, "password": "nope"}), nil, 401, "AuthenticationRequired"},
				{"no token", "GET", "com.atproto.server.getSession", "", nil, nil, 401, "AuthMissing"},
				{"garbage token", "GET", "com.atproto.server.getSession", "garbage", nil, nil, 400, "InvalidToken"},
				{"refresh with the access token", "POST", "com.atproto.server.refreshSession", access, nil, nil, 400, "InvalidToken"},
				{"record key not a TID", "POST", "com.atproto.repo.createRecord", access, post("chorus-key", "x"), nil, 400, "InvalidRequest"},
				{"record key taken", "POST", "com.atproto.repo.createRecord", access, post("3kabcdefghij2", "again"), nil, 500, "InternalServerError"},
				{"text over 300 graphemes", "POST", "com.atproto.repo.createRecord", access, post("", strings.Repeat("a", 301)), nil, 400, "InvalidRequest"},
				{"text missing", "POST", "com.atproto.repo.createRecord", access, post("", nil), nil, 400, "InvalidRequest"},
				{"someone else's repo", "POST", "com.atproto.repo.createRecord", access,
					jsonBody(map[string]any{"repo": bobDID, "collection": "app.bsky.feed.post", "record": map[string]any{"$type": "app.bsky.feed.post", "text": "x", "createdAt": "2026-11-30T00:00:00.000Z"}}),
					nil, 401, "AuthenticationRequired"},
				{"record not there", "GET", "com.atproto.repo.getRecord?repo=" + aliceDID + "&collection=app.bsky.feed.post&rkey=3kabcdefghij3", "", nil, nil, 400, "RecordNotFound"},
				{"unknown handle", "GET", "com.atproto.identity.resolveHandle?handle=nobody" + run + ".test", "", nil, nil, 400, "HandleNotFound"},
				{"query by POST", "POST", "com.atproto.repo.getRecord", "", nil, nil, 400, "InvalidRequest"},
				{"blob over the limit", "POST", "com.atproto.repo.uploadBlob", access, make([]byte, 6<<20), map[string]string{"Content-Type": "image/png"}, 413, "PayloadTooLarge"},
				{"chat without proxy", "GET", "chat.bsky.convo.listConvos", access, nil, nil, 501, "MethodNotImplemented"},
			} {
				st, out, _ := xcall(t, tg.url, c.method, c.nsid, c.token, c.header, c.body)
				if st != c.status || out["error"] != c.code {
					t.Errorf("%s: %d %v, want %d %s", c.name, st, out, c.status, c.code)
				}
			}
			if tg.name == "fake" {
				// Rate-limit headers, as @atproto/xrpc-server writes them. (The local
				// network runs without rate limits, so only the fake is checked.)
				_, _, h := xcall(t, tg.url, "GET", "com.atproto.server.getSession", access, nil, nil)
				for _, name := range []string{"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"} {
					if h.Get(name) == "" {
						t.Errorf("no %s header", name)
					}
				}
			}
		})
	}
}

func TestFakeChecksFacetsAndTokens(t *testing.T) {
	s := New(t)
	a := s.CreateAccount("alice.test", "pw", false)
	b := s.CreateAccount("bob.test", "pw", false)
	access, refresh := login(t, s.URL, "alice.test", "pw")
	text := "hi @bob.test 👋 https://example.com"
	facet := func(start, end int, feature map[string]string) []byte {
		return jsonBody(map[string]any{"repo": a.DID, "collection": "app.bsky.feed.post", "record": map[string]any{
			"$type": "app.bsky.feed.post", "text": text, "createdAt": "2026-11-30T00:00:00Z",
			"facets": []any{map[string]any{"index": map[string]int{"byteStart": start, "byteEnd": end}, "features": []any{feature}}}}})
	}
	mention := map[string]string{"$type": "app.bsky.richtext.facet#mention", "did": b.DID}
	link := map[string]string{"$type": "app.bsky.richtext.facet#link", "uri": "https://example.com"}
	for _, c := range []struct {
		name   string
		body   []byte
		status int
	}{
		{"mention on its bytes", facet(3, 12, mention), 200},
		{"link on its bytes", facet(18, 37, link), 200},
		{"mention one byte off", facet(4, 13, mention), 400},
		{"range past the text", facet(18, 38, link), 400},
		{"range splitting the emoji", facet(14, 16, link), 400},
		{"link counted in characters, not bytes", facet(15, 34, link), 400},
	} {
		if st, out, _ := xcall(t, s.URL, "POST", "com.atproto.repo.createRecord", access, nil, c.body); st != c.status {
			t.Errorf("%s: %d %v, want %d", c.name, st, out, c.status)
		}
	}
	s.ExpireTokens()
	if st, out, _ := xcall(t, s.URL, "GET", "com.atproto.server.getSession", access, nil, nil); st != 400 || out["error"] != "ExpiredToken" {
		t.Errorf("expired token: %d %v", st, out)
	}
	st, out, _ := xcall(t, s.URL, "POST", "com.atproto.server.refreshSession", refresh, nil, nil)
	if st != 200 {
		t.Fatalf("refresh: %d %v", st, out)
	}
	if st, _, _ := xcall(t, s.URL, "POST", "com.atproto.server.refreshSession", refresh, nil, nil); st != 400 {
		t.Errorf("a spent refresh token worked again (%d)", st)
	}
	if st, _, _ := xcall(t, s.URL, "GET", "com.atproto.server.getSession", out["accessJwt"].(string), nil, nil); st != 200 {
		t.Errorf("the refreshed access token: %d", st)
	}
}

func TestFakeChatNeedsProxyAndScope(t *testing.T) {
	s := New(t)
	a := s.CreateAccount("alice.test", "pw", false)
	noDMs := s.AppPassword(a, false)
	access, _ := login(t, s.URL, "alice.test", noDMs)
	proxy := map[string]string{"atproto-proxy": ChatService}
	if st, out, _ := xcall(t, s.URL, "GET", "chat.bsky.convo.listConvos", access, proxy, nil); st != 400 || out["message"] != "Bad token scope" {
		t.Errorf("app password without DM access: %d %v", st, out)
	}
	withDMs, _ := login(t, s.URL, "alice.test", s.AppPassword(a, true))
	if st, out, _ := xcall(t, s.URL, "GET", "chat.bsky.convo.listConvos", withDMs, proxy, nil); st != 200 {
		t.Errorf("app password with DM access: %d %v", st, out)
	}
}

func TestFakeRateLimit(t *testing.T) {
	s := New(t)
	s.CreateAccount("alice.test", "pw", false)
	s.Set(func(s *Server) { s.RateLimit = 2 })
	var st int
	var h http.Header
	for range 3 {
		st, _, h = xcall(t, s.URL, "GET", "com.atproto.identity.resolveHandle?handle=alice.test", "", nil, nil)
	}
	if st != 429 || h.Get("RateLimit-Remaining") != "0" || h.Get("RateLimit-Reset") == "" {
		t.Errorf("third call in a window of 2: %d, headers %v", st, h)
	}
	if got := fmt.Sprint(h.Get("RateLimit-Policy")); got != "2;w=300" {
		t.Errorf("policy %q", got)
	}
}
