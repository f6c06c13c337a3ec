package httpx

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRateLimit(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		header map[string]string
		want   RateLimit
	}{
		{"none", nil, RateLimit{Limit: -1, Remaining: -1}},
		{"Mastodon ISO 8601 reset", map[string]string{
			"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299", "X-RateLimit-Reset": "2026-11-23T10:05:00.019685Z",
		}, RateLimit{300, 299, time.Date(2026, 11, 23, 10, 5, 0, 19685000, time.UTC)}},
		{"X unix seconds reset", map[string]string{
			"x-rate-limit-limit": "100", "x-rate-limit-remaining": "0", "x-rate-limit-reset": "1795428000",
		}, RateLimit{100, 0, time.Unix(1795428000, 0).UTC()}},
		{"Bluesky RateLimit-* unix seconds", map[string]string{
			"RateLimit-Limit": "3000", "RateLimit-Remaining": "2999", "RateLimit-Reset": "1795428300", "RateLimit-Policy": "3000;w=300",
		}, RateLimit{3000, 2999, time.Unix(1795428300, 0).UTC()}},
		{"IETF draft seconds from now", map[string]string{
			"RateLimit-Limit": "100, 100;w=60", "RateLimit-Remaining": "7", "RateLimit-Reset": "42",
		}, RateLimit{100, 7, now.Add(42 * time.Second)}},
		{"unix milliseconds", map[string]string{"X-RateLimit-Reset": "1795428000500"},
			RateLimit{-1, -1, time.UnixMilli(1795428000500).UTC()}},
		{"HTTP date", map[string]string{"X-RateLimit-Reset": "Mon, 23 Nov 2026 10:01:00 GMT"},
			RateLimit{-1, -1, now.Add(time.Minute)}},
		{"Discord reset-after wins", map[string]string{
			"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "4", "X-RateLimit-Reset": "1470173023.123", "X-RateLimit-Reset-After": "1.5",
		}, RateLimit{5, 4, now.Add(1500 * time.Millisecond)}},
		{"garbage ignored", map[string]string{
			"X-RateLimit-Limit": "lots", "X-RateLimit-Remaining": "-3", "X-RateLimit-Reset": "soon",
		}, RateLimit{Limit: -1, Remaining: -1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tc.header {
				h.Set(k, v)
			}
			got := ParseRateLimit(h, now)
			if got.Limit != tc.want.Limit || got.Remaining != tc.want.Remaining || !got.Reset.Equal(tc.want.Reset) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			if got.Known() != (tc.header != nil && tc.name != "garbage ignored") {
				t.Errorf("Known() = %v", got.Known())
			}
		})
	}
}

func TestRateLimitExhausted(t *testing.T) {
	if (RateLimit{Limit: -1, Remaining: -1}).Exhausted() {
		t.Error("unknown remaining is not exhausted")
	}
	if !(RateLimit{Limit: 10, Remaining: 0}).Exhausted() {
		t.Error("zero remaining is exhausted")
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"120", 2 * time.Minute, true},
		{" 0 ", 0, true},
		{"1.5", 1500 * time.Millisecond, true},
		{"Mon, 23 Nov 2026 10:00:30 GMT", 30 * time.Second, true},
		{"Monday, 23-Nov-26 10:00:30 GMT", 30 * time.Second, true}, // RFC 850, still valid to receive
		{"Mon, 23 Nov 2026 09:00:00 GMT", 0, true},                 // past: go now
		{"-5", 0, false},
		{"NaN", 0, false},
		{"tomorrow", 0, false},
	}
	for _, tc := range cases {
		got, ok := ParseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("ParseRetryAfter(%q) = %s, %v; want %s, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestResponseCarriesRateLimit(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "300")
		w.Header().Set("X-RateLimit-Remaining", "12")
		w.Header().Set("X-RateLimit-Reset", "2026-11-23T10:05:00Z")
	}))
	c, _ := newTestClient(t, Options{})
	resp, err := c.Do(t.Context(), &Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	want := RateLimit{300, 12, time.Date(2026, 11, 23, 10, 5, 0, 0, time.UTC)}
	if resp.RateLimit != want {
		t.Fatalf("RateLimit = %+v, want %+v", resp.RateLimit, want)
	}
}
