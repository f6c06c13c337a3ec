package mastodontest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// oob is the out-of-band redirect URI: show the code instead of redirecting.
const oob = "urn:ietf:wg:oauth:2.0:oob"

func randomToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// createApp is POST /api/v1/apps: client_name and redirect_uris are required;
// redirect_uris is a string (URIs separated by white space) or an array; scopes defaults
// to "read" (https://docs.joinmastodon.org/methods/apps/#create).
func (s *Server) createApp(c *call) {
	p, err := c.params()
	if err != nil {
		c.fail(http.StatusUnprocessableEntity, err.Error())
		return
	}
	if strings.TrimSpace(p.get("client_name")) == "" {
		c.fail(http.StatusUnprocessableEntity, "Validation failed: Application name can't be blank")
		return
	}
	var redirects []string
	for _, v := range p.list("redirect_uris") {
		redirects = append(redirects, strings.Fields(v)...)
	}
	if len(redirects) == 0 {
		c.fail(http.StatusUnprocessableEntity, "Validation failed: Redirect URI can't be blank")
		return
	}
	for _, r := range redirects {
		if u, err := url.Parse(r); r != oob && (err != nil || !u.IsAbs() || u.Fragment != "") {
			c.fail(http.StatusUnprocessableEntity, "Validation failed: Redirect URI must be an absolute URI.")
			return
		}
	}
	scopes := strings.Fields(p.get("scopes"))
	if len(scopes) == 0 {
		scopes = []string{"read"}
	}
	a := &app{clientID: randomToken(), secret: randomToken(), redirects: redirects, scopes: scopes}
	s.apps[a.clientID] = a
	c.json(http.StatusOK, map[string]any{
		"id":                       idString(int64(len(s.apps))),
		"name":                     p.get("client_name"),
		"website":                  p.get("website"),
		"scopes":                   scopes,
		"redirect_uri":             strings.Join(redirects, "\n"),
		"redirect_uris":            redirects,
		"client_id":                a.clientID,
		"client_secret":            a.secret,
		"client_secret_expires_at": 0,
	})
}

// authorize is GET /oauth/authorize, with the person already logged in (as LoginAs says)
// and clicking "Authorize" at once: it redirects to redirect_uri with code and state, or
// for the out-of-band URI shows a page with the code. PKCE: code_challenge_method must be
// S256 when a challenge is given.
func (s *Server) authorize(c *call) {
	q := c.r.URL.Query()
	a := s.apps[q.Get("client_id")]
	switch {
	case q.Get("response_type") != "code":
		c.oauthFail(http.StatusBadRequest, "unsupported_response_type", "The authorization server does not support this response type.")
		return
	case a == nil:
		c.oauthFail(http.StatusUnauthorized, "invalid_client", "Client authentication failed due to unknown client.")
		return
	case !slices.Contains(a.redirects, q.Get("redirect_uri")):
		c.oauthFail(http.StatusBadRequest, "invalid_redirect_uri", "The requested redirect uri is malformed or doesn't match client redirect URI.")
		return
	case q.Get("code_challenge") != "" && q.Get("code_challenge_method") != "S256":
		c.oauthFail(http.StatusBadRequest, "invalid_request", "The code_challenge_method must be S256.")
		return
	}
	scope := q.Get("scope")
	if scope == "" {
		scope = "read"
	}
	for _, sc := range strings.Fields(scope) {
		if !slices.Contains(a.scopes, sc) {
			c.oauthFail(http.StatusBadRequest, "invalid_scope", "The requested scope is invalid, unknown, or malformed.")
			return
		}
	}
	code := randomToken()
	s.grants[code] = &grant{app: a, redirect: q.Get("redirect_uri"), scope: scope, challenge: q.Get("code_challenge"), account: s.loginAs}
	if q.Get("redirect_uri") == oob {
		c.w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(c.w, `<!doctype html><title>Authorization code</title><p>Copy this code and paste it into the application.</p>`+
			`<input class="oauth-code" readonly type="text" value="%s">`, html.EscapeString(code))
		return
	}
	u, _ := url.Parse(q.Get("redirect_uri"))
	rq := u.Query()
	rq.Set("code", code)
	if st := q.Get("state"); st != "" {
		rq.Set("state", st)
	}
	u.RawQuery = rq.Encode()
	http.Redirect(c.w, c.r, u.String(), http.StatusFound)
}

// issueToken is POST /oauth/token with grant_type=authorization_code: the client must
// authenticate, the code be unused and issued to it for the same redirect_uri, and the
// code_verifier match the challenge (https://docs.joinmastodon.org/methods/oauth/#token).
func (s *Server) issueToken(c *call) {
	p, err := c.params()
	if err != nil {
		c.oauthFail(http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	if p.get("grant_type") != "authorization_code" {
		c.oauthFail(http.StatusBadRequest, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.")
		return
	}
	a := s.apps[p.get("client_id")]
	if a == nil || a.secret != p.get("client_secret") {
		c.oauthFail(http.StatusUnauthorized, "invalid_client", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.")
		return
	}
	g := s.grants[p.get("code")]
	invalid := "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."
	if g == nil || g.used || g.app != a || g.redirect != p.get("redirect_uri") {
		c.oauthFail(http.StatusBadRequest, "invalid_grant", invalid)
		return
	}
	if g.challenge != "" {
		sum := sha256.Sum256([]byte(p.get("code_verifier")))
		if base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
			c.oauthFail(http.StatusBadRequest, "invalid_grant", invalid)
			return
		}
	}
	if sc := p.get("scope"); sc != "" && sc != g.scope {
		c.oauthFail(http.StatusBadRequest, "invalid_scope", "The requested scope is invalid, unknown, or malformed.")
		return
	}
	g.used = true
	tok := randomToken()
	s.tokens[tok] = &token{account: g.account, scopes: strings.Fields(g.scope)}
	c.json(http.StatusOK, map[string]any{"access_token": tok, "token_type": "Bearer", "scope": g.scope, "created_at": s.now().Unix()})
}

// revoke is POST /oauth/revoke: the client revokes one of its tokens.
func (s *Server) revoke(c *call) {
	p, _ := c.params()
	a := s.apps[p.get("client_id")]
	if a == nil || a.secret != p.get("client_secret") {
		c.oauthFail(http.StatusForbidden, "unauthorized_client", "You are not authorized to revoke this token")
		return
	}
	if t := s.tokens[p.get("token")]; t != nil {
		t.revoked = true
	}
	c.json(http.StatusOK, map[string]any{})
}

var codeRE = regexp.MustCompile(`class="oauth-code"[^>]*value="([^"]+)"`)

// Approve plays the person's browser at an authorize address: it opens it and returns
// where the instance sends the browser next (the redirect address with the code), or,
// for the out-of-band address, the code the page shows.
func (s *Server) Approve(authorizeURL string) (string, error) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(authorizeURL)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	switch {
	case resp.StatusCode == http.StatusFound:
		return resp.Header.Get("Location"), nil
	case resp.StatusCode == http.StatusOK:
		if m := codeRE.FindSubmatch(body); m != nil {
			return html.UnescapeString(string(m[1])), nil
		}
	}
	return "", fmt.Errorf("authorize answered %d: %s", resp.StatusCode, body)
}
