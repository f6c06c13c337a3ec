package social

import "testing"

func TestDefaultAccountID(t *testing.T) {
	for _, tc := range []struct {
		p            Platform
		handle, want string
	}{
		{"bluesky", "@acme.bsky.social", "bluesky-acme.bsky.social"},
		{"mastodon", "Acme@mastodon.social", "mastodon-acme-mastodon.social"},
		{"x", "  @Acme_Co ", "x-acme_co"},
		{"demo", "ümlaut shop", "demo-mlaut-shop"},
	} {
		got := DefaultAccountID(tc.p, tc.handle)
		if got != tc.want || !ValidID(got) {
			t.Errorf("DefaultAccountID(%s, %q) = %q (valid %v), want %q", tc.p, tc.handle, got, ValidID(got), tc.want)
		}
	}
	for _, bad := range []string{"", "-x", "Acme", "a b", string(make([]byte, 65))} {
		if ValidID(bad) {
			t.Errorf("ValidID(%q) = true", bad)
		}
	}
}
