package httpx

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chorus-social/chorus/platforms"
)

// maxMessage bounds a message taken from an error body: enough for any platform's
// explanation, short enough for a status bar.
const maxMessage = 200

// statusError maps a response with status >= 400 to the typed error the engine acts on.
// 429 is handled by judge, which knows the wait.
func statusError(k *call, resp *Response) error {
	info := parseErrorBody(resp.Body)
	// Redact before cutting: a cut secret no longer matches and would leak in part.
	msg := truncate(k.redact(info.message()), maxMessage)
	if msg == "" {
		msg = http.StatusText(resp.Status)
	}
	switch s := resp.Status; {
	case s == http.StatusUnauthorized:
		return &platforms.AuthExpiredError{Detail: msg}
	case (s == http.StatusBadRequest || s == http.StatusForbidden) && (info.authExpired || invalidTokenChallenge(resp.Header)):
		// Bluesky answers an expired session with 400 ExpiredToken, Meta with code 190.
		return &platforms.AuthExpiredError{Detail: msg}
	case s == http.StatusNotFound || s == http.StatusGone:
		what := k.method + " " + k.shown
		if msg != http.StatusText(s) {
			what += " (" + msg + ")"
		}
		return &platforms.NotFoundError{What: what}
	case s == http.StatusTooManyRequests:
		return &platforms.RateLimitedError{Limit: max(resp.RateLimit.Limit, 0)}
	case transientStatus(s):
		return &platforms.TransientError{Status: s, Err: errors.New(msg)}
	default:
		return &platforms.RejectedError{Status: s, Reason: msg}
	}
}

// invalidTokenChallenge reports an RFC 6750 "invalid_token" in WWW-Authenticate.
func invalidTokenChallenge(h http.Header) bool {
	for _, v := range h.Values("WWW-Authenticate") {
		if strings.Contains(v, "invalid_token") {
			return true
		}
	}
	return false
}

// ErrorMessage extracts a person-readable message from an error response body: the JSON
// shapes platforms use ({"error": "…"}, {"error": {"message": "…"}}, {"error_description":
// "…"}, {"message": "…"}, {"errors": [{"message": "…"}]}, {"detail": "…"}, {"title": "…"}),
// with a machine code in front when the body has both ("InvalidRequest: …"); otherwise the
// start of the text with markup removed. It returns "" for an empty body.
func ErrorMessage(body []byte) string { return truncate(parseErrorBody(body).message(), maxMessage) }

type errorInfo struct {
	code, text  string
	authExpired bool
}

func (e errorInfo) message() string {
	msg := e.text
	if e.code != "" && !strings.Contains(msg, e.code) {
		msg = e.code + ": " + msg
	}
	return msg
}

// authCodes are error codes that mean "log in again" even on a 400 or 403.
var authCodes = map[string]bool{
	"ExpiredToken":  true, // Bluesky (XRPC)
	"InvalidToken":  true, // Bluesky (XRPC)
	"invalid_token": true, // OAuth 2.0 bearer tokens, RFC 6750
}

func parseErrorBody(body []byte) errorInfo {
	var v any
	if json.Unmarshal(body, &v) == nil {
		if m, ok := v.(map[string]any); ok {
			return fromObject(m)
		}
		if list, ok := v.([]any); ok && len(list) > 0 {
			if m, ok := list[0].(map[string]any); ok {
				return fromObject(m)
			}
		}
	}
	return errorInfo{text: plainText(body)}
}

func fromObject(m map[string]any) errorInfo {
	var info errorInfo
	var errCode string
	switch e := m["error"].(type) {
	case string:
		errCode = e
	case map[string]any:
		// Meta's Graph API: {"error": {"message", "type", "code", "error_user_msg"}}.
		info.text = firstString(e, "error_user_msg", "message", "error_description")
		if code, ok := e["code"].(float64); ok {
			info.code = strconv.FormatFloat(code, 'f', -1, 64)
			info.authExpired = code == 190 // Meta: access token expired or revoked
		}
		if t, ok := e["type"].(string); ok && info.code == "" {
			info.code = t
		}
	}
	if info.text == "" {
		info.text = firstString(m, "error_description", "message")
	}
	if info.text == "" {
		if list, ok := m["errors"].([]any); ok && len(list) > 0 {
			switch first := list[0].(type) {
			case string:
				info.text = first
			case map[string]any:
				info.text = firstString(first, "message", "detail", "title")
			}
		}
	}
	if info.text == "" {
		info.text = firstString(m, "detail", "title")
	}
	switch {
	case errCode == "":
	case info.text == "":
		info.text = errCode
	case info.code == "" && isCode(errCode):
		info.code = errCode
	}
	info.authExpired = info.authExpired || authCodes[errCode]
	info.text = collapseSpace(info.text)
	return info
}

func firstString(m map[string]any, keys ...string) string {
	for _, k := range keys {
		if s, ok := m[k].(string); ok && strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// isCode tells a machine code ("InvalidRequest", "invalid_grant") from a sentence.
func isCode(s string) bool {
	return len(s) <= 64 && !strings.ContainsAny(s, " \t\n")
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plainText is the start of a non-JSON body, without HTML tags, on one line.
func plainText(body []byte) string {
	if !utf8.Valid(body) {
		body = []byte(strings.ToValidUTF8(string(body), "�"))
	}
	s := string(body)
	if strings.HasPrefix(strings.TrimSpace(s), "<") {
		s = tagRE.ReplaceAllString(s, " ")
	}
	return collapseSpace(s)
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// truncate cuts s to n runes, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n {
			break
		}
		count++
	}
	return s[:i] + "…"
}

// snippet is the start of a body for a log line, redacted before it is cut.
func snippet(body []byte, redact func(string) string) string {
	return truncate(redact(strings.ToValidUTF8(string(body), "�")), 2*maxMessage)
}
