package httpx

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/cenkalti/backoff/v5"

	"github.com/chorus-social/chorus/platforms"
)

// newBackOff returns "full jitter" backoff (a uniform wait in [0, min(MaxDelay, BaseDelay·2ⁿ)]),
// which spreads retries from many clients best
// (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
// backoff's ExponentialBackOff draws from [c·(1-f), c·(1+f)]; with f = 1 and every interval
// halved that is exactly [0, 2c]. We use its policy but not backoff.Retry, whose timer cannot
// be replaced (tests inject Sleep) and whose Retry-After takes whole seconds only.
func (c *Client) newBackOff() *backoff.ExponentialBackOff {
	b := &backoff.ExponentialBackOff{
		InitialInterval:     c.baseDelay / 2,
		RandomizationFactor: 1,
		Multiplier:          2,
		MaxInterval:         c.maxDelay / 2,
	}
	b.Reset()
	return b
}

// sleepContext waits d or until ctx is done, whichever comes first.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}

// verdict is what to do after an attempt: retry after wait (0: take the backoff's), or
// return err (nil on success).
type verdict struct {
	retry bool
	wait  time.Duration
	err   error
}

// judge decides whether an attempt's outcome is final. Only requests the server cannot have
// acted on are replayed blindly: a 429, or a 503 with Retry-After, says the server refused
// the request unprocessed. After a network error or another 5xx it may have acted, so only
// idempotent requests are repeated; a POST that creates a post must go back to the engine,
// which reconciles before trying again.
func (c *Client) judge(k *call, resp *Response, netErr error, attempt int) verdict {
	canRetry := attempt <= c.maxRetries
	if netErr != nil {
		err := &platforms.TransientError{Err: netErr}
		return verdict{retry: canRetry && k.req.idempotent() && !errors.Is(netErr, errBodyTooLarge), err: err}
	}
	if resp.Status < 400 {
		return verdict{}
	}
	now := c.now()
	retryAfter, hasRetryAfter := ParseRetryAfter(resp.Header.Get("Retry-After"), now)
	switch {
	case resp.Status == http.StatusTooManyRequests:
		wait := retryAfter
		if !hasRetryAfter && !resp.RateLimit.Reset.IsZero() {
			wait = max(resp.RateLimit.Reset.Sub(now), 0)
		}
		err := &platforms.RateLimitedError{RetryAfter: wait, Limit: max(resp.RateLimit.Limit, 0)}
		return verdict{retry: canRetry && wait <= c.maxRetryAfter, wait: wait, err: err}
	case resp.Status == http.StatusServiceUnavailable && hasRetryAfter:
		if retryAfter > c.maxRetryAfter {
			// Down for maintenance for hours: report it as a wait the engine can schedule.
			return verdict{err: &platforms.RateLimitedError{RetryAfter: retryAfter, Limit: max(resp.RateLimit.Limit, 0)}}
		}
		return verdict{retry: canRetry, wait: retryAfter, err: statusError(k, resp)}
	case transientStatus(resp.Status):
		wait := time.Duration(0)
		if hasRetryAfter {
			wait = retryAfter
		}
		retry := canRetry && k.req.idempotent() && wait <= c.maxRetryAfter
		return verdict{retry: retry, wait: wait, err: statusError(k, resp)}
	}
	return verdict{err: statusError(k, resp)}
}

// transientStatus reports statuses that may succeed if asked again later.
func transientStatus(status int) bool {
	return status >= 500 || status == http.StatusRequestTimeout || status == http.StatusTooEarly
}
