// Package httpx is the one HTTP client every platform adapter uses. It holds the rules that
// must not differ from one adapter to the next: a timeout on every attempt, retries with
// exponential backoff and full jitter that respect Retry-After and rate-limit headers, replaying
// only requests that are safe to replay, mapping failures to the typed errors of package
// platforms, and keeping secrets out of errors and logs.
package httpx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Defaults for the zero values of Options.
const (
	DefaultTimeout       = 30 * time.Second
	DefaultMaxRetries    = 3
	DefaultBaseDelay     = 500 * time.Millisecond
	DefaultMaxDelay      = 30 * time.Second
	DefaultMaxRetryAfter = 15 * time.Minute
	DefaultUserAgent     = "chorus (+https://github.com/chorus-social/chorus)"
)

// maxBodyBytes bounds a response body held in memory. Platform APIs answer with JSON far
// smaller than this; anything bigger is a misrouted download or a broken server.
const maxBodyBytes = 32 << 20

// Options configure a Client. The zero value of every field means its default.
type Options struct {
	// Timeout bounds each attempt, body included (default 30s). The caller's context bounds
	// the whole call, retries and waits included.
	Timeout time.Duration
	// MaxRetries is how many times a failed attempt may be repeated (default 3; negative
	// means never retry).
	MaxRetries int
	// BaseDelay and MaxDelay shape the backoff between retries (defaults 500ms and 30s).
	BaseDelay, MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After the client sleeps through (default 15m). A
	// longer one comes back at once as *platforms.RateLimitedError, so the engine can
	// reschedule the work instead of holding a goroutine for an hour.
	MaxRetryAfter time.Duration
	// UserAgent is sent when a request sets none.
	UserAgent string
	// Transport carries the requests (default http.DefaultTransport); tests swap it.
	Transport http.RoundTripper
	// Log receives one debug record per attempt (default: discard).
	Log *slog.Logger
	// Sleep waits between attempts; it must return early with an error when ctx is done.
	// Tests inject one to run without real waits.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now tells the time, for Retry-After dates and rate-limit resets (default time.Now).
	Now func() time.Time
	// Secrets are extra values to redact from every error and log line (app passwords,
	// client secrets, webhook tokens in paths).
	Secrets []string
}

// Client sends requests with retries, typed errors and redaction. It is safe for
// concurrent use.
type Client struct {
	hc            *http.Client
	timeout       time.Duration
	maxRetries    int
	baseDelay     time.Duration
	maxDelay      time.Duration
	maxRetryAfter time.Duration
	userAgent     string
	log           *slog.Logger
	sleep         func(context.Context, time.Duration) error
	now           func() time.Time
	secrets       []string
}

// New returns a Client with opts, defaults filled in.
func New(opts Options) *Client {
	c := &Client{
		timeout:       orDefault(opts.Timeout, DefaultTimeout),
		maxRetries:    opts.MaxRetries,
		baseDelay:     orDefault(opts.BaseDelay, DefaultBaseDelay),
		maxDelay:      orDefault(opts.MaxDelay, DefaultMaxDelay),
		maxRetryAfter: orDefault(opts.MaxRetryAfter, DefaultMaxRetryAfter),
		userAgent:     opts.UserAgent,
		log:           opts.Log,
		sleep:         opts.Sleep,
		now:           opts.Now,
		secrets:       slices.Clone(opts.Secrets),
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.sleep == nil {
		c.sleep = sleepContext
	}
	if c.now == nil {
		c.now = time.Now
	}
	transport := opts.Transport
	if transport == nil {
		transport = http.DefaultTransport
	}
	// No http.Client.Timeout: each attempt gets its own context deadline instead, so a
	// slow attempt can be retried without the whole call running out of time.
	c.hc = &http.Client{Transport: transport}
	return c
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Request is one call. Body is bytes, not a reader, so the call can be replayed on retry.
type Request struct {
	Method string // default GET
	URL    string
	Header http.Header
	Body   []byte
	// Idempotent marks a request as safe to repeat after a network error or a 5xx, when the
	// server may already have acted on it. GET, HEAD, PUT, DELETE and OPTIONS, and requests
	// carrying an Idempotency-Key header, are idempotent without it.
	Idempotent bool
	// Secrets are values to redact for this request only, beyond the ones the client finds
	// itself (Authorization and Cookie values, sensitive query parameters and JSON fields).
	Secrets []string
}

func (r *Request) method() string {
	if r.Method == "" {
		return http.MethodGet
	}
	return strings.ToUpper(r.Method)
}

// idempotent reports whether replaying r after the server may have processed it is safe.
func (r *Request) idempotent() bool {
	switch r.method() {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return r.Idempotent || r.Header.Get("Idempotency-Key") != ""
}

// Response is a complete answer: the body has been read and the connection released.
type Response struct {
	Status    int
	Header    http.Header
	Body      []byte
	RateLimit RateLimit
}

// call is the state of one Do: the request and how to show it without its secrets.
type call struct {
	req     *Request
	method  string
	shown   string // the URL, redacted
	secrets []string
}

func (k *call) redact(s string) string { return Redact(s, k.secrets...) }

// Do sends req, retrying what is safe to retry, and returns the response to the last
// attempt. A status of 400 or more becomes a typed error from package platforms:
// 401 *AuthExpiredError; 400, 403, 409, 413, 422 and other 4xx *RejectedError (or
// *AuthExpiredError when the body says the token expired); 404 and 410 *NotFoundError;
// 429 *RateLimitedError; 5xx, 408 and network failures *TransientError. With an HTTP error
// Do returns the Response as well, so an adapter can look closer at the body.
//
// When ctx ends, Do stops at once and returns an error wrapping ctx's cause.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	k := &call{req: req, method: req.method()}
	k.secrets = append(slices.Clip(c.secrets), requestSecrets(req)...)
	k.shown = RedactURL(req.URL, k.secrets...)

	// Build the request once up front so a malformed URL or method fails without a retry.
	if _, err := http.NewRequest(k.method, req.URL, nil); err != nil {
		return nil, fmt.Errorf("httpx: %s %s: %s", k.method, k.shown, k.redact(err.Error()))
	}

	bo := c.newBackOff()
	for attempt := 1; ; attempt++ {
		resp, netErr := c.attempt(ctx, k, attempt)
		if netErr != nil && ctx.Err() != nil {
			// The caller gave up, not the network. (An answer that arrived is returned even
			// if ctx ended meanwhile: dropping a successful create would invite a duplicate.)
			return nil, fmt.Errorf("%s %s: %w", k.method, k.shown, context.Cause(ctx))
		}
		v := c.judge(k, resp, netErr, attempt)
		if !v.retry {
			return resp, v.err
		}
		wait := v.wait
		if wait <= 0 {
			wait = min(bo.NextBackOff(), c.maxDelay)
		}
		// A wait that outlasts the caller's deadline only postpones the same failure. (Deadlines
		// are wall-clock, whatever Options.Now says.)
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			return resp, v.err
		}
		c.log.LogAttrs(ctx, slog.LevelDebug, "http retry",
			slog.String("method", k.method), slog.String("url", k.shown),
			slog.Int("attempt", attempt), slog.Duration("wait", wait),
			slog.String("reason", v.err.Error()))
		if err := c.sleep(ctx, wait); err != nil {
			return resp, fmt.Errorf("%s %s: %w (after %v)", k.method, k.shown, err, v.err)
		}
	}
}

// attempt sends the request once. A non-nil error means no usable response arrived.
func (c *Client) attempt(ctx context.Context, k *call, n int) (*Response, error) {
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	start := time.Now()
	resp, err := c.send(actx, k)
	attrs := []slog.Attr{
		slog.String("method", k.method), slog.String("url", k.shown),
		slog.Int("attempt", n), slog.Duration("duration", time.Since(start)),
	}
	switch {
	case err != nil:
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			err = &redactedError{msg: fmt.Sprintf("%s %s: no response within %s", k.method, k.shown, c.timeout), cause: err}
		}
		attrs = append(attrs, slog.String("error", err.Error()))
	default:
		attrs = append(attrs, slog.Int("status", resp.Status))
		if resp.Status >= 400 {
			attrs = append(attrs, slog.String("body", snippet(resp.Body, k.redact)))
		}
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "http request", attrs...)
	return resp, err
}

// send performs one round trip and reads the whole body within ctx. Errors come back
// redacted: Go's *url.Error prints the full URL, query and all.
func (c *Client) send(ctx context.Context, k *call) (*Response, error) {
	var body io.Reader
	if k.req.Body != nil {
		body = bytes.NewReader(k.req.Body)
	}
	hreq, err := http.NewRequestWithContext(ctx, k.method, k.req.URL, body)
	if err != nil {
		return nil, redactErr(k, err)
	}
	hreq.Header = k.req.Header.Clone()
	if hreq.Header == nil {
		hreq.Header = http.Header{}
	}
	if hreq.Header.Get("User-Agent") == "" {
		hreq.Header.Set("User-Agent", c.userAgent)
	}
	hresp, err := c.hc.Do(hreq)
	if err != nil {
		return nil, redactErr(k, err)
	}
	defer hresp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(hresp.Body, maxBodyBytes+1))
	if err != nil {
		return nil, redactErr(k, fmt.Errorf("read body: %w", err))
	}
	if len(data) > maxBodyBytes {
		return nil, &redactedError{msg: fmt.Sprintf("%s %s: response body over %d bytes", k.method, k.shown, maxBodyBytes), cause: errBodyTooLarge}
	}
	return &Response{
		Status:    hresp.StatusCode,
		Header:    hresp.Header,
		Body:      data,
		RateLimit: ParseRateLimit(hresp.Header, c.now()),
	}, nil
}

var errBodyTooLarge = errors.New("response body too large")

// redactedError carries a message scrubbed of secrets while keeping the cause for
// errors.Is (timeouts, connection refused).
type redactedError struct {
	msg   string
	cause error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.cause }

func redactErr(k *call, err error) error {
	cause := err
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err // ue.Error() repeats the raw URL; say it once, redacted, ourselves
	}
	return &redactedError{msg: fmt.Sprintf("%s %s: %s", k.method, k.shown, k.redact(cause.Error())), cause: cause}
}

// JSON sends in (when non-nil) as a JSON body and decodes a successful answer into out
// (when non-nil and the body is not empty). It sets Content-Type and Accept unless header
// does. Errors are those of Do, plus encoding and decoding errors.
func (c *Client) JSON(ctx context.Context, method, rawURL string, header http.Header, in, out any) (*Response, error) {
	req := &Request{Method: method, URL: rawURL, Header: header.Clone()}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("httpx: encode %s %s: %w", req.method(), RedactURL(rawURL, c.secrets...), err)
		}
		req.Body = b
		if req.Header.Get("Content-Type") == "" {
			req.Header.Set("Content-Type", "application/json")
		}
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	resp, err := c.Do(ctx, req)
	if err != nil {
		return resp, err
	}
	if out != nil && resp.Status != http.StatusNoContent && len(bytes.TrimSpace(resp.Body)) > 0 {
		if err := json.Unmarshal(resp.Body, out); err != nil {
			// json errors name types and fields, never values, so they hold no secrets.
			return resp, fmt.Errorf("httpx: decode %s %s: %w", req.method(), RedactURL(rawURL, c.secrets...), err)
		}
	}
	return resp, nil
}
