package mastodontest

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestBeforeAnswerSeesTheRequestTakeEffectBeforeItsAnswer: a status posted while its
// answer is held exists already; the answer comes when the hook returns, with the
// Idempotency-Key then returning the same status.
func TestBeforeAnswerSeesTheRequestTakeEffectBeforeItsAnswer(t *testing.T) {
	var s *Server
	seen := make(chan int, 1)
	s = New(t, Options{BeforeAnswer: func(r Request) {
		if r.Method == http.MethodPost && r.Path == "/api/v1/statuses" {
			seen <- s.StatusCount() // the lock is not held: the instance can be asked
		}
	}})
	before := s.StatusCount()
	start := time.Now()
	resp, body := do(t, "POST", s.URL+"/api/v1/statuses", s.Token, `{"status":"held"}`, "Idempotency-Key", "k1")
	if resp.StatusCode != 200 || !strings.Contains(body, "held") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if n := <-seen; n != before+1 {
		t.Fatalf("the hook saw %d statuses, want %d: the status was not made before the answer", n, before+1)
	}
	do(t, "POST", s.URL+"/api/v1/statuses", s.Token, `{"status":"held"}`, "Idempotency-Key", "k1")
	<-seen
	var held []Status
	for _, st := range s.Statuses() {
		if st.Text == "held" {
			held = append(held, st)
		}
	}
	if len(held) != 1 {
		t.Fatalf("statuses %+v", held)
	}
	reqs := s.Requests("/api/v1/statuses")
	if len(reqs) != 2 || reqs[0].IdemKey != "k1" || reqs[0].At.Before(start) || reqs[0].At.After(time.Now()) {
		t.Fatalf("requests %+v", reqs)
	}
}

func TestMediaCountTellsAttachedFromOrphaned(t *testing.T) {
	s := New(t, Options{MediaPolls: -1})
	if up, att := s.MediaCount(); up != 0 || att != 0 {
		t.Fatalf("fresh instance: %d %d", up, att)
	}
	s.mu.Lock()
	s.media[1] = &media{id: 1, owner: s.self(), kind: "image"}
	s.media[2] = &media{id: 2, owner: s.self(), kind: "image", attached: true}
	s.mu.Unlock()
	if up, att := s.MediaCount(); up != 2 || att != 1 {
		t.Fatalf("%d uploaded, %d attached", up, att)
	}
}
