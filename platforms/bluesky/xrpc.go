package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/httpx"
	"github.com/chorus-social/chorus/social"
)

// xrpc is one XRPC call: a query (GET with parameters) or a procedure (POST with a JSON
// or raw body). See https://atproto.com/specs/xrpc.
type xrpc struct {
	nsid  string
	post  bool
	query url.Values
	input any    // JSON body of a procedure
	raw   []byte // raw body of a procedure (uploadBlob), sent with mime
	mime  string
	// proxy is the atproto-proxy header: the PDS forwards the call to that service
	// (https://atproto.com/specs/xrpc#service-proxying).
	proxy string
	// idempotent marks a procedure that is safe to repeat after a network error or a 5xx
	// (uploadBlob: blobs are addressed by their hash), so httpx may retry it.
	idempotent bool
	// entry sends the call to the server that made the session rather than the PDS
	// (com.atproto.server.* session calls).
	entry bool
}

func query(nsid string, params url.Values) xrpc { return xrpc{nsid: nsid, query: params} }

func procedure(nsid string, input any) xrpc { return xrpc{nsid: nsid, post: true, input: input} }

// apiError is an XRPC error answer: the typed error of package platforms that httpx made
// of the HTTP status, with the XRPC error name from the body ({"error": "RecordNotFound",
// "message": …}), which says more than the status: the PDS answers most failures with 400.
type apiError struct {
	NSID string
	Code string
	Err  error
}

func (e *apiError) Error() string { return e.NSID + ": " + e.Err.Error() }
func (e *apiError) Unwrap() error { return e.Err }

// codeOf returns the XRPC error name in err's chain, or "".
func codeOf(err error) string {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.Code
	}
	return ""
}

// notFoundCodes are XRPC errors that mean the thing asked for is not there, answered with
// 400 by the PDS and the AppView (getRecord: RecordNotFound; getPostThread: NotFound;
// resolveHandle: HandleNotFound; getProfile answers InvalidRequest with a message, see
// notFoundMessage).
var notFoundCodes = map[string]bool{
	"RecordNotFound": true, "NotFound": true, "RepoNotFound": true, "ProfileNotFound": true,
	"ConvoNotFound": true, "BlobNotFound": true, "HandleNotFound": true,
}

func notFoundMessage(msg string) bool {
	msg = strings.ToLower(msg)
	for _, s := range []string{"could not locate record", "could not find repo", "unable to resolve handle",
		"profile not found", "actor not found", "post not found"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// send performs c against the service at base, as the holder of token when token is not
// empty, and decodes a successful JSON answer into out.
func (ad *Adapter) send(ctx context.Context, base, token string, c xrpc, out any) error {
	u := strings.TrimRight(base, "/") + "/xrpc/" + c.nsid
	if len(c.query) > 0 {
		u += "?" + c.query.Encode()
	}
	req := &httpx.Request{Method: http.MethodGet, URL: u, Header: http.Header{}, Idempotent: c.idempotent}
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if c.proxy != "" {
		req.Header.Set("atproto-proxy", c.proxy)
	}
	if c.post {
		req.Method = http.MethodPost
		switch {
		case c.raw != nil:
			req.Body = c.raw
			req.Header.Set("Content-Type", c.mime)
		case c.input != nil:
			b, err := json.Marshal(c.input)
			if err != nil {
				return fmt.Errorf("%s: encode request: %w", c.nsid, err)
			}
			req.Body = b
			req.Header.Set("Content-Type", "application/json")
		}
	}
	resp, err := ad.http.Do(ctx, req)
	if err != nil {
		return classify(c.nsid, resp, err)
	}
	if out == nil || len(resp.Body) == 0 {
		return nil
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		// json errors name types and fields, never values: no secret can leak here.
		return &platforms.TransientError{Status: resp.Status, Err: fmt.Errorf("%s: unreadable answer: %w", c.nsid, err)}
	}
	return nil
}

// classify refines httpx's typed error with the XRPC error name: "not found" answers,
// which the PDS sends as 400, become *platforms.NotFoundError.
func classify(nsid string, resp *httpx.Response, err error) error {
	if resp == nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return &apiError{NSID: nsid, Err: err}
	}
	var body struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	}
	_ = json.Unmarshal(resp.Body, &body)
	ae := &apiError{NSID: nsid, Code: body.Error, Err: err}
	var nf *platforms.NotFoundError
	if resp.Status == http.StatusBadRequest && !errors.As(err, &nf) && (notFoundCodes[body.Error] || notFoundMessage(body.Message)) {
		ae.Err = &platforms.NotFoundError{What: nsid + ": " + httpx.ErrorMessage(resp.Body)}
	}
	return ae
}

// call runs c as the account on its PDS: it logs in with the stored app password when no
// session exists yet, and on an expired session refreshes it (or logs in again) and
// repeats the call once, so the user is only asked when the app password itself fails.
func (ad *Adapter) call(ctx context.Context, acct social.Account, c xrpc, out any) error {
	s, err := ad.session(ctx, acct)
	if err != nil {
		return forAccount(acct, err)
	}
	err = ad.send(ctx, s.base(c), s.AccessJwt, c, out)
	if !sessionExpired(err) {
		return forAccount(acct, err)
	}
	ad.log.Debug("bluesky session expired; renewing", "account", acct.ID, "call", c.nsid)
	if s, err = ad.renew(ctx, acct, s); err != nil {
		return forAccount(acct, err)
	}
	return forAccount(acct, ad.send(ctx, s.base(c), s.AccessJwt, c, out))
}

// base is where the session sends c.
func (s *session) base(c xrpc) string {
	if c.entry {
		return s.entry()
	}
	return s.PDS
}

// sessionExpired reports an answer that a fresh session may fix: ExpiredToken or
// InvalidToken (400 or 401). "Bad token scope" is not one: the token is fine but an app
// password without the permission the call needs (direct messages) can never make it.
func sessionExpired(err error) bool {
	var ae *platforms.AuthExpiredError
	return errors.As(err, &ae) && !badScope(err)
}

func badScope(err error) bool {
	var ae *platforms.AuthExpiredError
	return errors.As(err, &ae) && strings.Contains(ae.Detail, "Bad token scope")
}

// forAccount names the account in an AuthExpiredError, so its message says which
// `chorus accounts login` to run.
func forAccount(acct social.Account, err error) error {
	var ae *platforms.AuthExpiredError
	if err == nil || !errors.As(err, &ae) || ae.AccountID != "" {
		return err
	}
	return &platforms.AuthExpiredError{AccountID: acct.ID, Detail: ae.Detail}
}
