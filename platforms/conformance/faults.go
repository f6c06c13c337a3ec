package conformance

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
)

func (s *suite) faults(t *testing.T) {
	if s.h.Faulty == nil {
		t.Skip("Harness.Faulty is nil")
	}
	for _, fault := range Faults {
		s.run(t, fault, func(t *testing.T) {
			ad, a := s.h.Faulty(t, fault)
			_, err := ad.Publish(ctx(t), a, post("fault "+fault))
			checkFault(t, fault, "Publish", err)
			if in, ok := ad.(platforms.InboxReader); ok {
				_, err := in.FetchInbox(ctx(t), a, "")
				checkFault(t, fault, "FetchInbox", err)
			}
		})
	}
}

// checkFault checks that a fault reaches the engine as the typed error it acts on: wait
// and retry for rate limits and transient failures, stop and ask the user for auth.
func checkFault(t *testing.T, fault, call string, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s succeeded against a server answering %q", call, fault)
	}
	var rl *platforms.RateLimitedError
	var auth *platforms.AuthExpiredError
	var tr *platforms.TransientError
	switch fault {
	case "rate":
		if !errors.As(err, &rl) {
			t.Errorf("%s: got %T %v, want *platforms.RateLimitedError", call, err, err)
		}
		if platforms.RetryAfter(err) <= 0 {
			t.Errorf("%s: rate limit without a wait (RetryAfter %v): the server said how long", call, platforms.RetryAfter(err))
		}
		if !platforms.Retryable(err) {
			t.Errorf("%s: a rate limit must be retryable", call)
		}
	case "auth":
		if !errors.As(err, &auth) {
			t.Errorf("%s: got %T %v, want *platforms.AuthExpiredError", call, err, err)
		}
		if platforms.Retryable(err) {
			t.Errorf("%s: expired auth must not be retryable: the user has to log in", call)
		}
	case "transient":
		if !errors.As(err, &tr) {
			t.Errorf("%s: got %T %v, want *platforms.TransientError", call, err, err)
		}
		if !platforms.Retryable(err) {
			t.Errorf("%s: a transient failure must be retryable", call)
		}
	}
}

// cancelWait is how long a call with a cancelled context may take before it counts as a hang.
const cancelWait = 5 * time.Second

func (s *suite) contextCancelled(t *testing.T) {
	ad, a := s.h.New(t)
	c, cancel := context.WithCancel(context.Background())
	cancel()
	calls := []struct {
		name string
		fn   func() error
	}{
		{"Publish", func() error { _, err := ad.Publish(c, a, post("cancelled")); return err }},
	}
	if in, ok := ad.(platforms.InboxReader); ok {
		calls = append(calls, struct {
			name string
			fn   func() error
		}{"FetchInbox", func() error { _, err := in.FetchInbox(c, a, ""); return err }})
	}
	for _, call := range calls {
		done := make(chan error, 1)
		go func() { done <- call.fn() }()
		select {
		case err := <-done:
			// The engine tells shutdown from failure by context.Canceled: a post cut off by
			// Ctrl-C must not be marked failed.
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s with a cancelled context = %v, want an error wrapping context.Canceled", call.name, err)
			}
		case <-time.After(cancelWait):
			t.Fatalf("%s with a cancelled context still running after %s", call.name, cancelWait)
		}
	}
}
