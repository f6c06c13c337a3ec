package httpx

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/platforms"
)

func TestErrorMapping(t *testing.T) {
	cases := []struct {
		name   string
		status int
		header map[string]string
		body   string
		check  func(t *testing.T, err error)
	}{
		{"401 Mastodon", 401, nil, `{"error":"The access token is invalid"}`, wantAuth("The access token is invalid")},
		{"401 empty body", 401, nil, ``, wantAuth("Unauthorized")},
		{"400 Bluesky ExpiredToken", 400, nil, `{"error":"ExpiredToken","message":"Token has expired"}`, wantAuth("ExpiredToken: Token has expired")},
		{"400 Meta code 190", 400, nil, `{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190}}`,
			wantAuth("190: Error validating access token: Session has expired")},
		{"403 invalid_token challenge", 403, map[string]string{"WWW-Authenticate": `Bearer error="invalid_token"`}, `{}`, wantAuth("Forbidden")},
		{"403 policy", 403, nil, `{"error":"This action is not allowed"}`, wantRejected(403, "This action is not allowed")},
		{"400 OAuth error_description", 400, nil, `{"error":"invalid_grant","error_description":"The provided authorization grant is invalid"}`,
			wantRejected(400, "invalid_grant: The provided authorization grant is invalid")},
		{"409 message", 409, nil, `{"message":"Duplicate post"}`, wantRejected(409, "Duplicate post")},
		{"413 text body", 413, nil, "Request Entity Too Large\n", wantRejected(413, "Request Entity Too Large")},
		{"422 Mastodon validation", 422, nil, `{"error":"Validation failed: Text character limit of 500 exceeded"}`,
			wantRejected(422, "Validation failed: Text character limit of 500 exceeded")},
		{"400 X errors array", 400, nil, `{"errors":[{"message":"The text field is too long"}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid."}`,
			wantRejected(400, "The text field is too long")},
		{"400 problem detail", 400, nil, `{"title":"Invalid Request","detail":"Bad media id"}`, wantRejected(400, "Bad media id")},
		{"400 title only", 400, nil, `{"title":"Unsupported Authentication"}`, wantRejected(400, "Unsupported Authentication")},
		{"400 string errors", 400, nil, `{"errors":["text is missing"]}`, wantRejected(400, "text is missing")},
		{"422 JSON array body", 422, nil, `[{"message":"first problem"}]`, wantRejected(422, "first problem")},
		{"404", 404, nil, `{"error":"Record not found"}`, wantNotFound("Record not found")},
		{"410", 410, nil, ``, wantNotFound("")},
		{"429", 429, map[string]string{"Retry-After": "1", "X-RateLimit-Limit": "300"}, `{"error":"Too many requests"}`, wantRateLimited(300)},
		{"500 HTML page", 500, nil, "<html><body><h1>500 Internal Server Error</h1></body></html>", wantTransient(500, "500 Internal Server Error")},
		{"502 long text cut", 502, nil, strings.Repeat("gateway ", 100), wantTransient(502, strings.Repeat("gateway ", 25)[:200]+"…")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := serve(t, http.HandlerFunc(reply(tc.status, tc.header, tc.body)))
			c, _ := newTestClient(t, Options{MaxRetries: -1})
			resp, err := c.Do(t.Context(), &Request{Method: "POST", URL: srv.URL + "/api/v1/statuses"})
			if err == nil {
				t.Fatal("want an error")
			}
			if resp == nil || resp.Status != tc.status || string(resp.Body) != tc.body {
				t.Errorf("response not returned intact with the error: %+v", resp)
			}
			tc.check(t, err)
		})
	}
}

func wantAuth(detail string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		var e *platforms.AuthExpiredError
		if !errors.As(err, &e) || e.Detail != detail {
			t.Fatalf("err = %#v, want AuthExpiredError{Detail: %q}", err, detail)
		}
	}
}

func wantRejected(status int, reason string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		var e *platforms.RejectedError
		if !errors.As(err, &e) || e.Status != status || e.Reason != reason {
			t.Fatalf("err = %#v, want RejectedError{%d, %q}", err, status, reason)
		}
	}
}

func wantNotFound(msg string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		var e *platforms.NotFoundError
		if !errors.As(err, &e) || !strings.Contains(e.What, "POST http://127.0.0.1") || !strings.Contains(e.What, "/api/v1/statuses") {
			t.Fatalf("err = %#v, want NotFoundError naming the request", err)
		}
		if msg != "" && !strings.HasSuffix(e.What, "("+msg+")") {
			t.Fatalf("What = %q, want it to end with (%s)", e.What, msg)
		}
	}
}

func wantRateLimited(limit int) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		var e *platforms.RateLimitedError
		if !errors.As(err, &e) || e.Limit != limit {
			t.Fatalf("err = %#v, want RateLimitedError{Limit: %d}", err, limit)
		}
	}
}

func wantTransient(status int, msg string) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		var e *platforms.TransientError
		if !errors.As(err, &e) || e.Status != status || e.Err.Error() != msg {
			t.Fatalf("err = %#v, want TransientError{%d, %q}", err, status, msg)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	cases := map[string]string{
		``:                                      "",
		`{}`:                                    "",
		`{"error":"Record not found"}`:          "Record not found",
		`{"error":{"message":"nested"}}`:        "nested",
		`{"error_description":"described"}`:     "described",
		`{"message":"  spaced \n  out  "}`:      "spaced out",
		`{"errors":[{"detail":"from detail"}]}`: "from detail",
		`{"detail":"d","title":"t"}`:            "d",
		`{"error":"RateLimitExceeded"}`:         "RateLimitExceeded",
		`plain words`:                           "plain words",
		"\xff\xfe broken":                       "� broken",
	}
	for body, want := range cases {
		if got := ErrorMessage([]byte(body)); got != want {
			t.Errorf("ErrorMessage(%q) = %q, want %q", body, got, want)
		}
	}
}
