package httpx

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms"
)

// RateLimit is what the server said about its rate-limit window.
type RateLimit struct {
	Limit     int       // requests allowed in the window; -1 when not reported
	Remaining int       // requests left in the window; -1 when not reported
	Reset     time.Time // when the window starts afresh (UTC); zero when not reported
}

// Known reports whether the server sent any rate-limit information.
func (r RateLimit) Known() bool {
	return r.Limit >= 0 || r.Remaining >= 0 || !r.Reset.IsZero()
}

// Exhausted reports whether the server said no requests are left before Reset.
func (r RateLimit) Exhausted() bool { return r.Remaining == 0 }

// Quota is r as adapters report it to the engine (platforms.InboxPage.Quota): nil when the
// server did not say how many requests are left.
func (r RateLimit) Quota() *platforms.Quota {
	if r.Remaining < 0 {
		return nil
	}
	return &platforms.Quota{Limit: max(r.Limit, 0), Remaining: r.Remaining, Reset: r.Reset}
}

// rateLimitPrefixes are the header families in use, first match wins per field:
// X-RateLimit-* (Mastodon, Discord, GitHub), x-rate-limit-* (X API v2), and RateLimit-*
// (the IETF httpapi draft, as Bluesky's PDS sends it).
var rateLimitPrefixes = []string{"X-RateLimit-", "X-Rate-Limit-", "RateLimit-"}

// ParseRateLimit reads the rate-limit headers of h. now turns relative resets into times.
// Reset may be unix seconds (X, Bluesky), unix milliseconds, an ISO 8601 time (Mastodon),
// an HTTP date, or seconds from now (the IETF draft); Discord's X-RateLimit-Reset-After, a
// relative float free of clock skew, wins when present.
func ParseRateLimit(h http.Header, now time.Time) RateLimit {
	rl := RateLimit{Limit: -1, Remaining: -1}
	for _, p := range rateLimitPrefixes {
		if n, ok := headerInt(h.Get(p + "Limit")); ok && rl.Limit < 0 {
			rl.Limit = n
		}
		if n, ok := headerInt(h.Get(p + "Remaining")); ok && rl.Remaining < 0 {
			rl.Remaining = n
		}
		if t, ok := parseReset(h.Get(p+"Reset"), now); ok && rl.Reset.IsZero() {
			rl.Reset = t
		}
	}
	if secs, err := strconv.ParseFloat(strings.TrimSpace(h.Get("X-RateLimit-Reset-After")), 64); err == nil && secs >= 0 && secs < math.MaxInt32 {
		rl.Reset = now.Add(time.Duration(secs * float64(time.Second))).UTC()
	}
	return rl
}

// headerInt reads the leading integer of a header value. Draft RateLimit-Limit values may
// carry a policy after it ("100, 100;w=60").
func headerInt(v string) (int, bool) {
	if i := strings.IndexAny(v, ",;"); i >= 0 {
		v = v[:i]
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return n, true
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f < math.MaxInt32 {
		return int(f), true
	}
	return 0, false
}

// Thresholds that tell an absolute reset from a relative one: no window is 30 years long,
// and unix time passed 1e9 seconds in 2001.
const (
	unixSecondsFloor = 1e9
	unixMillisFloor  = 1e12
)

func parseReset(v string, now time.Time) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		switch {
		case f < 0 || math.IsNaN(f) || math.IsInf(f, 0) || f > 1e15:
			return time.Time{}, false
		case f >= unixMillisFloor:
			return time.UnixMilli(int64(f)).UTC(), true
		case f >= unixSecondsFloor:
			sec, frac := math.Modf(f)
			return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true
		default:
			return now.Add(time.Duration(f * float64(time.Second))).UTC(), true
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC(), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// ParseRetryAfter reads a Retry-After value: delay seconds or an HTTP date (RFC 9110
// §10.2.3). A date in the past means no wait. ok is false when v is empty or unreadable.
func ParseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	// Seconds are integers in the RFC; some servers send fractions, which cost nothing to accept.
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		if f < 0 || math.IsNaN(f) || f > math.MaxInt32 {
			return 0, false
		}
		return time.Duration(f * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
