package platforms

import (
	"errors"
	"fmt"
	"time"
)

// RateLimitedError: the platform asked us to slow down. RetryAfter is how long to wait
// (from Retry-After or the reset header); zero means unknown, so back off.
type RateLimitedError struct {
	RetryAfter time.Duration
	Limit      int // the window's limit, when the platform says
}

func (e *RateLimitedError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("rate limited: retry after %s", e.RetryAfter.Round(time.Second))
	}
	return "rate limited"
}

// AuthExpiredError: the credentials were refused; the user must log in again.
type AuthExpiredError struct {
	AccountID string
	Detail    string
}

func (e *AuthExpiredError) Error() string {
	msg := "login expired or refused"
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.AccountID != "" {
		msg += fmt.Sprintf(" (run `chorus accounts login %s`)", e.AccountID)
	}
	return msg
}

// RejectedError: the platform refused the request for a reason retrying will not fix
// (validation, policy, duplicate). Reason is the platform's own words.
type RejectedError struct {
	Status int
	Reason string
}

func (e *RejectedError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("rejected by the platform (HTTP %d): %s", e.Status, e.Reason)
	}
	return "rejected by the platform: " + e.Reason
}

// TooLongError: the text is over the platform's limit as the platform counts it.
type TooLongError struct {
	Length, Limit int
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("text is %d long, over the limit of %d", e.Length, e.Limit)
}

// NotFoundError: the thing asked for does not exist (deleted post, unknown account).
type NotFoundError struct{ What string }

func (e *NotFoundError) Error() string { return "not found: " + e.What }

// TransientError: a network failure or a server error that may pass; retry later.
type TransientError struct {
	Status int // 0 for network errors
	Err    error
}

func (e *TransientError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("temporary server error (HTTP %d): %v", e.Status, e.Err)
	}
	return fmt.Sprintf("temporary network error: %v", e.Err)
}

func (e *TransientError) Unwrap() error { return e.Err }

// ErrUnsupported is returned (wrapped) when an adapter lacks a capability.
var ErrUnsupported = errors.New("not supported by this platform")

// Retryable reports whether err may succeed later without the user doing anything:
// rate limits and transient failures. Everything else needs a person.
func Retryable(err error) bool {
	var rl *RateLimitedError
	var tr *TransientError
	return errors.As(err, &rl) || errors.As(err, &tr)
}

// RetryAfter returns the wait a RateLimitedError in err's chain asks for, or 0.
func RetryAfter(err error) time.Duration {
	var rl *RateLimitedError
	if errors.As(err, &rl) {
		return rl.RetryAfter
	}
	return 0
}
