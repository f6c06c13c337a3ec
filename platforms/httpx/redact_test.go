package httpx

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/internal/logbuf"
)

func TestRedact(t *testing.T) {
	cases := []struct {
		name, in, want string
		secrets        []string
	}{
		{"query token", "GET https://x.example/api?access_token=abc123&limit=5", "GET https://x.example/api?access_token=[REDACTED]&limit=5", nil},
		{"every secret param", "token=a&password=b&refresh_token=c&client_secret=d&code=e&id_token=f",
			"token=[REDACTED]&password=[REDACTED]&refresh_token=[REDACTED]&client_secret=[REDACTED]&code=[REDACTED]&id_token=[REDACTED]", nil},
		{"param names are case-blind", "Access_Token=abc", "Access_Token=[REDACTED]", nil},
		{"lookalike params kept", "zipcode=12345&error_code=7&tokens=3", "zipcode=12345&error_code=7&tokens=3", nil},
		{"fragment token", "https://app.example/cb#access_token=xyz&state=1", "https://app.example/cb#access_token=[REDACTED]&state=1", nil},
		{"JSON password", `{"identifier":"me","password":"hunter22"}`, `{"identifier":"me","password":"[REDACTED]"}`, nil},
		{"JSON Bluesky session", `{"did":"did:plc:1","accessJwt":"eyJ.a.b","refreshJwt":"eyJ.c.d"}`,
			`{"did":"did:plc:1","accessJwt":"[REDACTED]","refreshJwt":"[REDACTED]"}`, nil},
		{"JSON escaped quote", `{"token": "a\"b", "x": 1}`, `{"token": "[REDACTED]", "x": 1}`, nil},
		{"JSON non-secret field kept", `{"token_type":"Bearer","scope":"read"}`, `{"token_type":"Bearer","scope":"read"}`, nil},
		{"bearer", "auth failed for Bearer eyJhbGciOi.J9.x-y_z=", "auth failed for Bearer [REDACTED]", nil},
		{"header lines", "Authorization: Basic dXNlcjpwYXNz\nCookie: sid=1\nAccept: */*",
			"Authorization: [REDACTED]\nCookie: [REDACTED]\nAccept: */*", nil},
		{"URL password", "dial https://bob:pa55word@host.example/x", "dial https://[REDACTED]@host.example/x", nil},
		{"literal secret", "webhook /webhooks/123/s3cr3t-t0ken failed", "webhook /webhooks/123/[REDACTED] failed", []string{"s3cr3t-t0ken"}},
		{"URL-encoded secret", "url?x=a%2Bb%2Fc", "url?x=[REDACTED]", []string{"a+b/c"}},
		{"longest secret first", "abcdefgh", "[REDACTED]", []string{"abcd", "abcdefgh"}},
		{"short secrets ignored", "a cat sat", "a cat sat", []string{"a", "at"}},
		{"nothing to do", "plain text", "plain text", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Redact(tc.in, tc.secrets...); got != tc.want {
				t.Fatalf("Redact(%q) =\n %q, want\n %q", tc.in, got, tc.want)
			}
			// Redacting twice changes nothing: logs may pass through more than once.
			if again := Redact(Redact(tc.in, tc.secrets...), tc.secrets...); again != tc.want {
				t.Fatalf("not idempotent: %q", again)
			}
		})
	}
}

func TestRedactURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"https://mastodon.example/api/v1/timelines/home?access_token=abc&limit=40", "https://mastodon.example/api/v1/timelines/home?access_token=[REDACTED]&limit=40"},
		{"https://TOKEN123@api.example/x", "https://[REDACTED]@api.example/x"},
		{"https://user:pw1234@api.example/x?code=99", "https://[REDACTED]@api.example/x?code=[REDACTED]"},
		{"https://graph.example/oauth?client_secret=s&client_id=1", "https://graph.example/oauth?client_secret=[REDACTED]&client_id=1"},
		{"http://[::1:bad/?password=pw", "http://[::1:bad/?password=[REDACTED]"}, // unparsable: redacted as text
	}
	for _, tc := range cases {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// echo answers with status and a body that repeats everything the request carried, the
// way careless servers do in their error messages.
func echo(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(status)
		io.WriteString(w, `{"error":"bad request `+strings.ReplaceAll(r.URL.String()+" "+r.Header.Get("Authorization")+" "+string(body), `"`, `\"`)+`"}`)
	}
}

func TestSecretsStayOutOfErrorsAndLogs(t *testing.T) {
	const secret = "S3cr3tV4lue"
	cases := []struct {
		name    string
		status  int
		req     func(base string) *Request
		secrets []string
	}{
		{"token in URL query", 400, func(base string) *Request {
			return &Request{URL: base + "/api?access_token=" + secret}
		}, nil},
		{"Authorization header", 401, func(base string) *Request {
			return &Request{URL: base + "/api", Header: http.Header{"Authorization": {"Bearer " + secret}}}
		}, nil},
		{"JSON password field", 400, func(base string) *Request {
			return &Request{Method: "POST", URL: base + "/xrpc/com.atproto.server.createSession",
				Body: []byte(`{"identifier":"me.example","password":"` + secret + `"}`)}
		}, nil},
		{"form client_secret", 400, func(base string) *Request {
			return &Request{Method: "POST", URL: base + "/oauth/token",
				Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
				Body:   []byte("grant_type=authorization_code&client_secret=" + secret)}
		}, nil},
		{"secret in path from Options", 404, func(base string) *Request {
			return &Request{URL: base + "/webhooks/1/" + secret}
		}, []string{secret}},
		{"secret in path from Request", 500, func(base string) *Request {
			return &Request{Method: "POST", URL: base + "/bot" + secret + "/sendMessage", Secrets: []string{secret}}
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, echo(tc.status))
			var logs logbuf.Buffer
			c, _ := newTestClient(t, Options{
				MaxRetries: 1,
				Secrets:    tc.secrets,
				Log:        slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
			})
			resp, err := c.Do(t.Context(), tc.req(srv.URL))
			if err == nil {
				t.Fatal("want an error")
			}
			if !strings.Contains(string(resp.Body), secret) {
				t.Fatal("test server did not echo the secret; the test proves nothing")
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("secret in error: %s", err)
			}
			if !strings.Contains(logs.String(), "http request") {
				t.Fatalf("no request logged: %s", logs.String())
			}
			if strings.Contains(logs.String(), secret) {
				t.Errorf("secret in logs:\n%s", logs.String())
			}
		})
	}
}

func TestNetworkErrorsAreRedacted(t *testing.T) {
	const secret = "N3tw0rkT0ken"
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close()

	var logs logbuf.Buffer
	c, _ := newTestClient(t, Options{Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	_, err := c.Do(t.Context(), &Request{URL: addr + "/x?token=" + secret})
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(logs.String(), secret) {
		t.Fatalf("secret leaked:\nerr: %s\nlogs: %s", err, logs.String())
	}
	if !strings.Contains(err.Error(), "token=[REDACTED]") {
		t.Fatalf("error should still say which request failed: %s", err)
	}
}

func TestMalformedURLErrorIsRedacted(t *testing.T) {
	c, _ := newTestClient(t, Options{})
	_, err := c.Do(t.Context(), &Request{URL: "http://[::1:bad/?access_token=sekrit123"})
	if err == nil || strings.Contains(err.Error(), "sekrit123") {
		t.Fatalf("err = %v", err)
	}
}
