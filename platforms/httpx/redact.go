package httpx

import (
	"cmp"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Redacted replaces every secret Redact finds.
const Redacted = "[REDACTED]"

// minSecretLen is the shortest literal secret Redact replaces: replacing "ab" everywhere
// would mangle ordinary text, and a secret that short protects nothing anyway.
const minSecretLen = 4

// Names of query parameters, form fields and JSON fields that hold secrets. OAuth flows put
// tokens and codes in URLs and form bodies; Bluesky sessions carry accessJwt/refreshJwt.
const (
	secretParams = `access_token|refresh_token|id_token|client_secret|password|token|code`
	secretFields = `password|accessJwt|refreshJwt|access_token|refresh_token|id_token|client_secret|token`
)

var (
	// name=value in a query string, fragment or form body. \b keeps "zipcode=" and
	// "error_code=" out.
	paramRE = regexp.MustCompile(`(?i)\b(` + secretParams + `)=([^&\s"'#<>;]*)`)
	// "name": "value" in JSON, escaped quotes included.
	fieldRE = regexp.MustCompile(`(?i)"(` + secretFields + `)"(\s*:\s*)"((?:[^"\\]|\\.)*)"`)
	// Credentials written out after an auth scheme, as in a dumped header.
	bearerRE = regexp.MustCompile(`(?i)\b(bearer|dpop)\s+[A-Za-z0-9\-._~+/]+=*`)
	// A header line that is all secret.
	headerRE = regexp.MustCompile(`(?im)^(\s*(?:proxy-authorization|authorization|cookie|set-cookie))(\s*:\s*)\S.*$`)
	// user:password@ in a URL.
	userinfoRE = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@:]+:[^/\s@]+@`)
)

// Redact returns s with secrets replaced by [REDACTED]: the given secrets (verbatim and
// URL-encoded), bearer tokens, secret-bearing query and form parameters (access_token,
// token, password, refresh_token, client_secret, code, id_token), the same names as JSON
// string fields plus Bluesky's accessJwt and refreshJwt, Authorization and Cookie header
// lines, and passwords in URLs.
func Redact(s string, secrets ...string) string {
	s = paramRE.ReplaceAllString(s, "${1}="+Redacted)
	s = fieldRE.ReplaceAllString(s, `"${1}"${2}"`+Redacted+`"`)
	s = bearerRE.ReplaceAllString(s, "${1} "+Redacted)
	s = headerRE.ReplaceAllString(s, "${1}${2}"+Redacted)
	s = userinfoRE.ReplaceAllString(s, "${1}"+Redacted+"@")
	return replaceSecrets(s, secrets)
}

// RedactURL returns raw fit for a log line or an error: user information removed and
// everything Redact removes. It never fails; a URL that does not parse is redacted as text.
func RedactURL(raw string, secrets ...string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return Redact(raw, secrets...)
	}
	// A bare user part is often a token itself (https://TOKEN@host), so all of it goes.
	u.User = nil
	s := u.String()
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[:i+3] + Redacted + "@" + s[i+3:]
	}
	return Redact(s, secrets...)
}

// replaceSecrets replaces each literal secret, longest first so that a secret containing
// another goes whole.
func replaceSecrets(s string, secrets []string) string {
	if len(secrets) == 0 {
		return s
	}
	var all []string
	for _, x := range secrets {
		if len(x) < minSecretLen {
			continue
		}
		all = append(all, x)
		// Tokens travel URL-encoded in queries and form bodies.
		if q := url.QueryEscape(x); q != x {
			all = append(all, q)
		}
		if p := url.PathEscape(x); p != x {
			all = append(all, p)
		}
	}
	slices.SortFunc(all, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	for _, x := range slices.Compact(all) {
		s = strings.ReplaceAll(s, x, Redacted)
	}
	return s
}

// secretHeaders hold credentials in full.
var secretHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "Api-Key", "X-Auth-Token", "X-Access-Token"}

// requestSecrets collects the secrets req carries, so that a server echoing one back (in an
// error body, a redirect URL) cannot put it into our errors and logs.
func requestSecrets(req *Request) []string {
	out := slices.Clone(req.Secrets)
	for _, name := range secretHeaders {
		for _, v := range req.Header.Values(name) {
			out = append(out, v)
			if name == "Cookie" {
				for _, c := range strings.Split(v, ";") {
					if _, val, ok := strings.Cut(c, "="); ok {
						out = append(out, strings.TrimSpace(val))
					}
				}
			} else if _, cred, ok := strings.Cut(v, " "); ok {
				out = append(out, strings.TrimSpace(cred)) // "Bearer abc" → "abc"
			}
		}
	}
	if u, err := url.Parse(req.URL); err == nil && u.User != nil {
		out = append(out, u.User.Username())
		if p, ok := u.User.Password(); ok {
			out = append(out, p)
		}
	}
	out = append(out, paramValues(req.URL)...)
	if len(req.Body) > 0 {
		body := string(req.Body)
		out = append(out, paramValues(body)...)
		for _, m := range fieldRE.FindAllStringSubmatch(body, -1) {
			if v, err := strconv.Unquote(`"` + m[3] + `"`); err == nil {
				out = append(out, v)
			} else {
				out = append(out, m[3])
			}
		}
	}
	return out
}

// paramValues returns the values of secret parameters in s, decoded.
func paramValues(s string) []string {
	var out []string
	for _, m := range paramRE.FindAllStringSubmatch(s, -1) {
		out = append(out, m[2])
		if v, err := url.QueryUnescape(m[2]); err == nil && v != m[2] {
			out = append(out, v)
		}
	}
	return out
}
