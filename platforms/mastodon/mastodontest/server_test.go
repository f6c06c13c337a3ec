package mastodontest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func do(t *testing.T, method, url, token, body string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestDocumentedAnswers checks the server against the shapes the documentation gives.
func TestDocumentedAnswers(t *testing.T) {
	s := New(t, Options{MaxCharacters: 20})
	resp, body := do(t, "GET", s.URL+"/api/v1/accounts/verify_credentials", "", "")
	if resp.StatusCode != 401 || body != `{"error":"The access token is invalid"}`+"\n" {
		t.Errorf("no token: %d %s", resp.StatusCode, body)
	}
	for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("no %s on an error", h)
		}
	}
	if _, err := time.Parse(time.RFC3339Nano, resp.Header.Get("X-RateLimit-Reset")); err != nil {
		t.Errorf("reset is not an ISO time: %v", err)
	}
	resp, body = do(t, "POST", s.URL+"/api/v1/statuses", s.Token, `{"status":"`+strings.Repeat("a", 21)+`"}`)
	if resp.StatusCode != 422 || !strings.Contains(body, "Validation failed: Text character limit of 20 exceeded") {
		t.Errorf("too long: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, "POST", s.URL+"/api/v1/statuses", s.Token, `{"status":""}`)
	if resp.StatusCode != 422 || !strings.Contains(body, "Text can't be blank") {
		t.Errorf("blank: %d %s", resp.StatusCode, body)
	}
	var first, again map[string]any
	_, body = do(t, "POST", s.URL+"/api/v1/statuses", s.Token, `{"status":"hi"}`, "Idempotency-Key", "k")
	json.Unmarshal([]byte(body), &first)
	// The same key returns the same status, whatever the body says.
	_, body = do(t, "POST", s.URL+"/api/v1/statuses", s.Token, `{"status":""}`, "Idempotency-Key", "k")
	json.Unmarshal([]byte(body), &again)
	if first["id"] == nil || first["id"] != again["id"] {
		t.Errorf("idempotency: %v then %v", first["id"], again["id"])
	}
	resp, _ = do(t, "GET", s.URL+"/api/v1/notifications?limit=1", s.Token, "")
	link := resp.Header.Get("Link")
	if !strings.Contains(link, `max_id=`) || !strings.Contains(link, `rel="next"`) || !strings.Contains(link, `min_id=`) || !strings.Contains(link, `rel="prev"`) {
		t.Errorf("Link = %q", link)
	}
	s.FailNext(1, 429, "3")
	resp, _ = do(t, "GET", s.URL+"/api/v2/instance", "", "")
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" || resp.Header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("429: %d %v", resp.StatusCode, resp.Header)
	}
}
