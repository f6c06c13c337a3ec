package httpx

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
)

// sleeps records the waits a client asks for without waiting.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

// script serves the given replies in order, repeating the last, and counts requests.
type script struct {
	hits    atomic.Int32
	replies []func(w http.ResponseWriter, r *http.Request)
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(s.hits.Add(1)) - 1
	s.replies[min(n, len(s.replies)-1)](w, r)
}

func reply(status int, header map[string]string, body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func newTestClient(t *testing.T, opts Options) (*Client, *sleeps) {
	t.Helper()
	s := &sleeps{}
	if opts.Sleep == nil {
		opts.Sleep = s.sleep
	}
	return New(opts), s
}

func serve(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	return srv
}

func TestRetriesServerErrorThenSucceeds(t *testing.T) {
	sc := &script{replies: []func(http.ResponseWriter, *http.Request){
		reply(500, nil, `{"error":"boom"}`),
		reply(502, nil, "bad gateway"),
		reply(200, nil, `{"ok":true}`),
	}}
	srv := serve(t, sc)
	c, s := newTestClient(t, Options{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second})

	resp, err := c.Do(t.Context(), &Request{URL: srv.URL + "/x"})
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	if resp.Status != 200 || string(resp.Body) != `{"ok":true}` {
		t.Fatalf("got %d %q", resp.Status, resp.Body)
	}
	if got := sc.hits.Load(); got != 3 {
		t.Fatalf("server saw %d requests, want 3", got)
	}
	waits := s.all()
	if len(waits) != 2 {
		t.Fatalf("slept %d times, want 2", len(waits))
	}
	// Full jitter: attempt n waits in [0, BaseDelay·2ⁿ⁻¹].
	for i, d := range waits {
		limit := 100 * time.Millisecond << i
		if d < 0 || d > limit+time.Nanosecond {
			t.Errorf("wait %d = %s, want within [0, %s]", i, d, limit)
		}
	}
}

func TestGivesUpAfterMaxRetries(t *testing.T) {
	sc := &script{replies: []func(http.ResponseWriter, *http.Request){reply(503, nil, "down")}}
	srv := serve(t, sc)
	c, _ := newTestClient(t, Options{MaxRetries: 2})

	_, err := c.Do(t.Context(), &Request{URL: srv.URL})
	var te *platforms.TransientError
	if !errors.As(err, &te) || te.Status != 503 {
		t.Fatalf("err = %v, want TransientError 503", err)
	}
	if got := sc.hits.Load(); got != 3 {
		t.Fatalf("server saw %d requests, want 1 + 2 retries", got)
	}
}

func TestNegativeMaxRetriesNeverRetries(t *testing.T) {
	sc := &script{replies: []func(http.ResponseWriter, *http.Request){reply(500, nil, "")}}
	srv := serve(t, sc)
	c, _ := newTestClient(t, Options{MaxRetries: -1})
	if _, err := c.Do(t.Context(), &Request{URL: srv.URL}); err == nil {
		t.Fatal("want an error")
	}
	if got := sc.hits.Load(); got != 1 {
		t.Fatalf("server saw %d requests, want 1", got)
	}
}

func TestPostIsNotRetriedOnServerError(t *testing.T) {
	sc := &script{replies: []func(http.ResponseWriter, *http.Request){
		reply(500, nil, `{"error":"Internal error"}`),
		reply(200, nil, `{}`),
	}}
	srv := serve(t, sc)
	c, s := newTestClient(t, Options{})

	resp, err := c.Do(t.Context(), &Request{Method: "POST", URL: srv.URL, Body: []byte(`{"status":"hi"}`)})
	var te *platforms.TransientError
	if !errors.As(err, &te) || te.Status != 500 {
		t.Fatalf("err = %v, want TransientError 500", err)
	}
	if resp == nil || resp.Status != 500 {
		t.Fatalf("want the 500 response alongside the error, got %+v", resp)
	}
	if got := sc.hits.Load(); got != 1 {
		t.Fatalf("POST sent %d times, want once", got)
	}
	if len(s.all()) != 0 {
		t.Fatalf("slept %v, want no waits", s.all())
	}
}

func TestIdempotentPostIsRetried(t *testing.T) {
	for name, req := range map[string]*Request{
		"Idempotency-Key": {Method: "POST", Header: http.Header{"Idempotency-Key": {"k1"}}},
		"flag":            {Method: "POST", Idempotent: true},
	} {
		t.Run(name, func(t *testing.T) {
			sc := &script{replies: []func(http.ResponseWriter, *http.Request){reply(500, nil, ""), reply(201, nil, "{}")}}
			srv := serve(t, sc)
			c, _ := newTestClient(t, Options{})
			req.URL = srv.URL
			req.Body = []byte(`{"status":"hi"}`)
			if _, err := c.Do(t.Context(), req); err != nil {
				t.Fatalf("Do: %v", err)
			}
			if got := sc.hits.Load(); got != 2 {
				t.Fatalf("server saw %d requests, want 2", got)
			}
		})
	}
}

func TestPostRetriedWhenServerRefusedUnprocessed(t *testing.T) {
	cases := []struct {
		name   string
		status int
		header map[string]string
		wait   time.Duration
	}{
		{"429 Retry-After seconds", 429, map[string]string{"Retry-After": "7"}, 7 * time.Second},
		{"503 Retry-After seconds", 503, map[string]string{"Retry-After": "2"}, 2 * time.Second},
		{"429 reset header only", 429, map[string]string{"X-RateLimit-Reset": "2026-11-23T10:00:30Z", "X-RateLimit-Remaining": "0"}, 30 * time.Second},
	}
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var bodies []string
			var mu sync.Mutex
			sc := &script{replies: []func(http.ResponseWriter, *http.Request){
				func(w http.ResponseWriter, r *http.Request) {
					b, _ := io.ReadAll(r.Body)
					mu.Lock()
					bodies = append(bodies, string(b))
					mu.Unlock()
					reply(tc.status, tc.header, `{"error":"slow down"}`)(w, r)
				},
				func(w http.ResponseWriter, r *http.Request) {
					b, _ := io.ReadAll(r.Body)
					mu.Lock()
					bodies = append(bodies, string(b))
					mu.Unlock()
					reply(200, nil, `{"id":"1"}`)(w, r)
				},
			}}
			srv := serve(t, sc)
			c, s := newTestClient(t, Options{Now: func() time.Time { return now }})

			var out struct{ ID string }
			_, err := c.JSON(t.Context(), "POST", srv.URL, nil, map[string]string{"status": "hi"}, &out)
			if err != nil {
				t.Fatalf("JSON: %v", err)
			}
			if out.ID != "1" {
				t.Fatalf("decoded %+v", out)
			}
			if got := s.all(); len(got) != 1 || got[0] != tc.wait {
				t.Fatalf("waits = %v, want [%s]", got, tc.wait)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(bodies) != 2 || bodies[0] != bodies[1] || bodies[1] != `{"status":"hi"}` {
				t.Fatalf("bodies = %q, want the same body replayed", bodies)
			}
		})
	}
}

func TestRetryAfterHTTPDate(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	sc := &script{replies: []func(http.ResponseWriter, *http.Request){
		reply(429, map[string]string{"Retry-After": now.Add(90 * time.Second).Format(http.TimeFormat)}, ""),
		reply(200, nil, ""),
	}}
	srv := serve(t, sc)
	c, s := newTestClient(t, Options{Now: func() time.Time { return now }})
	if _, err := c.Do(t.Context(), &Request{URL: srv.URL}); err != nil {
		t.Fatalf("Do: %v", err)
	}
	if got := s.all(); len(got) != 1 || got[0] != 90*time.Second {
		t.Fatalf("waits = %v, want [1m30s]", got)
	}
}

func TestLongRetryAfterReturnsRateLimitedAtOnce(t *testing.T) {
	for _, status := range []int{429, 503} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			sc := &script{replies: []func(http.ResponseWriter, *http.Request){
				reply(status, map[string]string{"Retry-After": "3600", "X-RateLimit-Limit": "300"}, ""),
			}}
			srv := serve(t, sc)
			c, s := newTestClient(t, Options{MaxRetryAfter: 10 * time.Minute})

			_, err := c.Do(t.Context(), &Request{URL: srv.URL})
			var rl *platforms.RateLimitedError
			if !errors.As(err, &rl) {
				t.Fatalf("err = %v, want RateLimitedError", err)
			}
			if rl.RetryAfter != time.Hour || rl.Limit != 300 {
				t.Fatalf("got %+v, want RetryAfter 1h, Limit 300", rl)
			}
			if sc.hits.Load() != 1 || len(s.all()) != 0 {
				t.Fatalf("hits %d, waits %v: want one request and no sleep", sc.hits.Load(), s.all())
			}
			if !platforms.Retryable(err) || platforms.RetryAfter(err) != time.Hour {
				t.Fatalf("engine helpers disagree: Retryable=%v RetryAfter=%s", platforms.Retryable(err), platforms.RetryAfter(err))
			}
		})
	}
}

func TestRateLimitedAfterRetriesRunOut(t *testing.T) {
	sc := &script{replies: []func(http.ResponseWriter, *http.Request){reply(429, map[string]string{"Retry-After": "1"}, "")}}
	srv := serve(t, sc)
	c, _ := newTestClient(t, Options{MaxRetries: 1})
	_, err := c.Do(t.Context(), &Request{Method: "POST", URL: srv.URL})
	var rl *platforms.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Fatalf("err = %v, want RateLimitedError after 1s", err)
	}
	if sc.hits.Load() != 2 {
		t.Fatalf("server saw %d requests, want 2", sc.hits.Load())
	}
}

func TestContextCancelDuringBackoffStopsRetries(t *testing.T) {
	sc := &script{replies: []func(http.ResponseWriter, *http.Request){reply(500, nil, "")}}
	srv := serve(t, sc)
	ctx, cancel := context.WithCancel(t.Context())
	c := New(Options{Sleep: func(ctx context.Context, d time.Duration) error {
		cancel() // the user quits while we wait
		<-ctx.Done()
		return ctx.Err()
	}})

	_, err := c.Do(ctx, &Request{URL: srv.URL})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if sc.hits.Load() != 1 {
		t.Fatalf("server saw %d requests after cancel, want 1", sc.hits.Load())
	}
}

func TestDefaultSleepHonoursCancel(t *testing.T) {
	sc := &script{replies: []func(http.ResponseWriter, *http.Request){reply(500, nil, "")}}
	srv := serve(t, sc)
	c := New(Options{BaseDelay: time.Hour, MaxDelay: time.Hour})
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)

	start := time.Now()
	_, err := c.Do(ctx, &Request{URL: srv.URL})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// The jittered first wait may be anything up to an hour; cancel must cut it short.
	if el := time.Since(start); el > 10*time.Second {
		t.Fatalf("Do returned after %s", el)
	}
}

func TestWaitBeyondDeadlineReturnsAtOnce(t *testing.T) {
	sc := &script{replies: []func(http.ResponseWriter, *http.Request){reply(429, map[string]string{"Retry-After": "120"}, "")}}
	srv := serve(t, sc)
	c, s := newTestClient(t, Options{})
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	_, err := c.Do(ctx, &Request{URL: srv.URL})
	var rl *platforms.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 2*time.Minute {
		t.Fatalf("err = %v, want RateLimitedError 2m", err)
	}
	if len(s.all()) != 0 {
		t.Fatalf("slept %v past the deadline", s.all())
	}
}

func TestEachAttemptHasItsOwnTimeout(t *testing.T) {
	sc := &script{replies: []func(http.ResponseWriter, *http.Request){
		func(w http.ResponseWriter, r *http.Request) {
			select { // hang until the client gives up on this attempt
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		},
		reply(200, nil, "ok"),
	}}
	srv := serve(t, sc)
	c, _ := newTestClient(t, Options{Timeout: 50 * time.Millisecond})

	resp, err := c.Do(t.Context(), &Request{URL: srv.URL})
	if err != nil || string(resp.Body) != "ok" {
		t.Fatalf("Do = %v, %v; want the second attempt to succeed", resp, err)
	}
}

func TestTimeoutOnPostIsTransient(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	c, _ := newTestClient(t, Options{Timeout: 50 * time.Millisecond})
	_, err := c.Do(t.Context(), &Request{Method: "POST", URL: srv.URL})
	var te *platforms.TransientError
	if !errors.As(err, &te) || te.Status != 0 {
		t.Fatalf("err = %v, want a network TransientError", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want it to wrap context.DeadlineExceeded", err)
	}
}

func TestNetworkErrorIsTransient(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close() // nothing listens there now

	c, s := newTestClient(t, Options{})
	_, err := c.Do(t.Context(), &Request{URL: addr})
	var te *platforms.TransientError
	if !errors.As(err, &te) || te.Status != 0 {
		t.Fatalf("err = %v, want a network TransientError", err)
	}
	if len(s.all()) != DefaultMaxRetries {
		t.Fatalf("slept %d times, want %d retries for a GET", len(s.all()), DefaultMaxRetries)
	}
}

func TestSendsUserAgentAndHeaders(t *testing.T) {
	var got http.Header
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.WriteHeader(204)
	}))
	c, _ := newTestClient(t, Options{UserAgent: "chorus-test/1"})
	resp, err := c.JSON(t.Context(), "PUT", srv.URL, http.Header{"X-Extra": {"1"}}, map[string]int{"a": 1}, new(struct{}))
	if err != nil || resp.Status != 204 {
		t.Fatalf("JSON = %v, %v", resp, err)
	}
	for k, want := range map[string]string{"User-Agent": "chorus-test/1", "Content-Type": "application/json", "Accept": "application/json", "X-Extra": "1"} {
		if got.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, got.Get(k), want)
		}
	}
}

func TestJSONDecodeError(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "not json") }))
	c, _ := newTestClient(t, Options{})
	var out map[string]any
	if _, err := c.JSON(t.Context(), "GET", srv.URL, nil, nil, &out); err == nil {
		t.Fatal("want a decode error")
	}
}

func TestMalformedURLFailsWithoutRequest(t *testing.T) {
	c, s := newTestClient(t, Options{})
	_, err := c.Do(t.Context(), &Request{URL: "http://[::1:bad/?access_token=sekrit123"})
	if err == nil {
		t.Fatal("want an error")
	}
	if len(s.all()) != 0 {
		t.Fatal("a malformed URL must not be retried")
	}
}

// roundTripFunc lets a test stand in for the network.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestAnswerSurvivesCancelAfterArrival(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	c, _ := newTestClient(t, Options{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		cancel() // the user quits just as the post goes out
		return &http.Response{
			StatusCode: 201,
			Header:     http.Header{},
			Body:       io.NopCloser(strings.NewReader(`{"id":"42"}`)),
			Request:    r,
		}, nil
	})})
	resp, err := c.Do(ctx, &Request{Method: "POST", URL: "https://mastodon.example/api/v1/statuses"})
	if err != nil || resp.Status != 201 || string(resp.Body) != `{"id":"42"}` {
		t.Fatalf("Do = %+v, %v; a received answer must not be dropped", resp, err)
	}
}
