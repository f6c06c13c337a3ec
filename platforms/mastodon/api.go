package mastodon

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
	"github.com/chorus-social/chorus/secrets"
	"github.com/chorus-social/chorus/social"
)

// session is one account's view of its instance: where to send requests and the token
// that authorizes them.
type session struct {
	ad    *Adapter
	acct  social.Account
	base  string // "https://mastodon.social", no trailing slash
	token string
	// quota is the rate-limit window as the last answer reported it (nil: none yet).
	quota *platforms.Quota
}

// session opens account a for calls: its instance URL and its token from the secrets
// store. A missing token reads as an expired login, so the account shows "needs login".
func (ad *Adapter) session(ctx context.Context, a social.Account) (*session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	base, err := normalizeServer(a.Server)
	if err != nil {
		return nil, &platforms.RejectedError{Reason: fmt.Sprintf("account %s: %v", a.ID, err)}
	}
	if ad.secrets == nil {
		return nil, fmt.Errorf("mastodon: no secrets store configured, cannot read the token of %s", a.ID)
	}
	raw, err := ad.secrets.Get(a.ID)
	switch {
	case errors.Is(err, secrets.ErrNotFound):
		return nil, &platforms.AuthExpiredError{AccountID: a.ID, Detail: "no token stored"}
	case err != nil:
		// A locked keyring, say: the login itself may be fine. The secrets package's
		// errors never hold the secret itself.
		return nil, fmt.Errorf("read the token of %s: %w", a.ID, err)
	}
	cred, err := parseCredential(raw)
	if err != nil {
		return nil, &platforms.AuthExpiredError{AccountID: a.ID, Detail: err.Error()}
	}
	return &session{ad: ad, acct: a, base: base, token: cred.AccessToken}, nil
}

// normalizeServer turns what a person typed ("mastodon.social", "https://x.y/") into the
// instance's base URL. Mastodon serves its API from the root of its domain, so any path
// is dropped.
func normalizeServer(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultServer, nil
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("server %q is not an instance URL (want https://instance.example)", s)
	}
	return u.Scheme + "://" + u.Host, nil
}

// credential is what the adapter keeps in the secrets store. Login stores it as JSON
// with the OAuth app that issued the token (to revoke it later); `accounts add
// --token-stdin` stores a bare access token. Both forms are read.
type credential struct {
	AccessToken  string `json:"access_token"`
	ClientID     string `json:"client_id,omitempty"`
	ClientSecret string `json:"client_secret,omitempty"`
	Server       string `json:"server,omitempty"`
}

func parseCredential(raw string) (credential, error) {
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(raw, "{") {
		var c credential
		// json's errors name types and offsets, not values: no secret leaks from here.
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			return credential{}, fmt.Errorf("stored credential is not readable: %v", err)
		}
		if c.AccessToken == "" {
			return credential{}, errors.New("stored credential has no access token")
		}
		return c, nil
	}
	if raw == "" || strings.ContainsAny(raw, " \t\r\n") {
		return credential{}, errors.New("stored token is empty or malformed")
	}
	return credential{AccessToken: raw}, nil
}

func (c credential) encode() string {
	b, _ := json.Marshal(c) // a struct of strings always marshals
	return string(b)
}

// request is one API call.
type request struct {
	method  string
	path    string // "/api/v1/statuses", or a full URL on the same instance (Link headers)
	query   url.Values
	body    []byte
	ctype   string // Content-Type of body
	idemKey string // Idempotency-Key header, when set
	// idempotent marks a POST that is safe to replay (favourite): httpx may retry it.
	idempotent bool
	// secrets are values in the request to keep out of errors and logs, beyond the token.
	secrets []string
}

// do sends r with the account's token and decodes a JSON answer into out (when non-nil).
// The token travels in the Authorization header and is listed as a secret, so httpx
// keeps it out of every error and log line even if the server echoes it.
func (s *session) do(ctx context.Context, r request, out any) (*httpx.Response, error) {
	u, err := s.url(r.path, r.query)
	if err != nil {
		return nil, err
	}
	h := http.Header{"Accept": {"application/json"}}
	if s.token != "" {
		h.Set("Authorization", "Bearer "+s.token)
	}
	if r.ctype != "" {
		h.Set("Content-Type", r.ctype)
	}
	if r.idemKey != "" {
		h.Set("Idempotency-Key", r.idemKey)
	}
	req := &httpx.Request{Method: r.method, URL: u, Header: h, Body: r.body, Idempotent: r.idempotent, Secrets: r.secrets}
	if s.token != "" {
		req.Secrets = append(req.Secrets, s.token)
	}
	resp, err := s.ad.http.Do(ctx, req)
	if resp != nil {
		if q := resp.RateLimit.Quota(); q != nil {
			s.quota = q
		}
	}
	if err != nil {
		return resp, s.fix(err)
	}
	if out != nil && resp.Status != http.StatusNoContent && len(resp.Body) > 0 {
		if err := json.Unmarshal(resp.Body, out); err != nil {
			return resp, decodeError(r.method, httpx.RedactURL(u, req.Secrets...), resp, err, req.Secrets)
		}
	}
	return resp, nil
}

// decodeError says what was wrong with an answer that is not the JSON asked for. An
// answer that is not JSON at all (a proxy's HTML error page with status 200, say) is
// named by its type and the start of its text, redacted before it is cut.
func decodeError(method, shown string, resp *httpx.Response, err error, secrets []string) error {
	ct, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
	if ct = strings.TrimSpace(ct); ct != "" && !strings.Contains(ct, "json") {
		start := httpx.ErrorMessage([]byte(httpx.Redact(string(resp.Body), secrets...)))
		return fmt.Errorf("mastodon: %s %s answered %s, not JSON: %q", method, shown, ct, start)
	}
	return fmt.Errorf("mastodon: read answer to %s %s: %w", method, shown, err)
}

// url resolves path against the instance. A full URL (from a Link header) must point at
// the same instance: the token must never travel to another host.
func (s *session) url(path string, q url.Values) (string, error) {
	if strings.Contains(path, "://") {
		if !strings.HasPrefix(path, s.base+"/") {
			return "", fmt.Errorf("mastodon: refusing to follow a link off the instance %s", s.base)
		}
		return path, nil
	}
	u := s.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u, nil
}

// fix completes httpx's typed errors with what only the adapter knows: which account a
// refused token belongs to, so the error says which login to renew.
func (s *session) fix(err error) error {
	var auth *platforms.AuthExpiredError
	if errors.As(err, &auth) && auth.AccountID == "" {
		auth.AccountID = s.acct.ID
	}
	return err
}

// get fetches path into out.
func (s *session) get(ctx context.Context, path string, q url.Values, out any) (*httpx.Response, error) {
	return s.do(ctx, request{method: http.MethodGet, path: path, query: q}, out)
}

// postJSON posts in as JSON and decodes the answer into out. Mastodon's API accepts JSON
// bodies wherever it accepts form data (https://docs.joinmastodon.org/client/intro/#parameters).
func (s *session) postJSON(ctx context.Context, path string, in any, idemKey string, out any) (*httpx.Response, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return nil, fmt.Errorf("mastodon: encode %s: %w", path, err)
	}
	return s.do(ctx, request{method: http.MethodPost, path: path, body: body, ctype: "application/json", idemKey: idemKey}, out)
}

// statusPath is the API path of the status with id, refusing the ids of inbox items
// that are notifications (a like, a boost, a follow), which name no status.
func statusPath(id string) (string, error) {
	switch {
	case id == "":
		return "", &platforms.RejectedError{Reason: "no status id given"}
	case strings.HasPrefix(id, notificationPrefix):
		return "", &platforms.RejectedError{Reason: fmt.Sprintf("%s is a notification (a like, boost or follow), not a post", id)}
	}
	return "/api/v1/statuses/" + url.PathEscape(id), nil
}

// status fetches one status.
func (s *session) status(ctx context.Context, id string) (*status, error) {
	path, err := statusPath(id)
	if err != nil {
		return nil, err
	}
	var st status
	if _, err := s.get(ctx, path, nil, &st); err != nil {
		return nil, err
	}
	return &st, nil
}

// selfID returns the account's own remote id: a.RemoteID when login filled it, else
// asked once of verify_credentials and remembered.
func (ad *Adapter) selfID(ctx context.Context, s *session) (string, error) {
	if s.acct.RemoteID != "" {
		return s.acct.RemoteID, nil
	}
	ad.mu.Lock()
	id, ok := ad.selves[s.acct.ID]
	ad.mu.Unlock()
	if ok {
		return id, nil
	}
	me, err := s.verifyCredentials(ctx)
	if err != nil {
		return "", err
	}
	ad.mu.Lock()
	ad.selves[s.acct.ID] = me.ID
	ad.mu.Unlock()
	return me.ID, nil
}

// verifyCredentials returns the account the token belongs to
// (https://docs.joinmastodon.org/methods/accounts/#verify_credentials).
func (s *session) verifyCredentials(ctx context.Context) (*account, error) {
	var me account
	if _, err := s.get(ctx, "/api/v1/accounts/verify_credentials", nil, &me); err != nil {
		return nil, err
	}
	if me.ID == "" {
		return nil, &platforms.RejectedError{Reason: "verify_credentials answered without an account id"}
	}
	return &me, nil
}
