package mastodontest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
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

// TestScheduledStatuses checks scheduling against the documented answers: too soon is
// 422, a ScheduledStatus comes back, the key returns it again, GET/DELETE and the list
// work, and the instance publishes it when its clock passes the time.
func TestScheduledStatuses(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := New(t, Options{Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	soon := `{"status":"x","scheduled_at":"2026-03-02T09:05:00Z"}`
	if resp, body := do(t, "POST", s.URL+"/api/v1/statuses", s.Token, soon); resp.StatusCode != 422 ||
		!strings.Contains(body, "Validation failed: Scheduled at The scheduled date must be in the future") {
		t.Fatalf("too soon: %d %s", resp.StatusCode, body)
	}
	later := `{"status":"later","scheduled_at":"2026-03-02T09:05:01Z"}`
	resp, body := do(t, "POST", s.URL+"/api/v1/statuses", s.Token, later, "Idempotency-Key", "k")
	var sc struct {
		ID          string `json:"id"`
		ScheduledAt string `json:"scheduled_at"`
		Params      struct {
			Text string `json:"text"`
		} `json:"params"`
	}
	if err := json.Unmarshal([]byte(body), &sc); err != nil || resp.StatusCode != 200 || sc.ID == "" ||
		sc.ScheduledAt != "2026-03-02T09:05:01.000Z" || sc.Params.Text != "later" {
		t.Fatalf("schedule: %d %s", resp.StatusCode, body)
	}
	if _, again := do(t, "POST", s.URL+"/api/v1/statuses", s.Token, later, "Idempotency-Key", "k"); again != body {
		t.Errorf("same key: %s, want %s", again, body)
	}
	if resp, list := do(t, "GET", s.URL+"/api/v1/scheduled_statuses", s.Token, ""); resp.StatusCode != 200 || !strings.Contains(list, `"id":"`+sc.ID+`"`) {
		t.Errorf("list: %d %s", resp.StatusCode, list)
	}
	if resp, _ := do(t, "GET", s.URL+"/api/v1/scheduled_statuses/"+sc.ID, s.Token, ""); resp.StatusCode != 200 {
		t.Errorf("get: %d", resp.StatusCode)
	}
	n := s.StatusCount()
	mu.Lock()
	now = now.Add(6 * time.Minute)
	mu.Unlock()
	if resp, _ := do(t, "GET", s.URL+"/api/v1/scheduled_statuses/"+sc.ID, s.Token, ""); resp.StatusCode != 404 {
		t.Errorf("get after the time: %d, want 404", resp.StatusCode)
	}
	if s.StatusCount() != n+1 || s.ScheduledCount() != 0 {
		t.Errorf("statuses %d → %d, scheduled %d", n, s.StatusCount(), s.ScheduledCount())
	}
	_, body = do(t, "POST", s.URL+"/api/v1/statuses", s.Token, `{"status":"gone","scheduled_at":"2026-03-02T10:00:00Z"}`)
	_ = json.Unmarshal([]byte(body), &sc)
	if resp, body := do(t, "DELETE", s.URL+"/api/v1/scheduled_statuses/"+sc.ID, s.Token, ""); resp.StatusCode != 200 || body != "{}\n" {
		t.Errorf("delete: %d %q", resp.StatusCode, body)
	}
	if resp, _ := do(t, "DELETE", s.URL+"/api/v1/scheduled_statuses/"+sc.ID, s.Token, ""); resp.StatusCode != 404 {
		t.Errorf("delete again: %d, want 404", resp.StatusCode)
	}
}
