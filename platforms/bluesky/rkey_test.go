package bluesky

import (
	"strings"
	"testing"
	"time"
)

// decodeTID reads a TID back into its timestamp and clock id.
func decodeTID(s string) (time.Time, uint64) {
	var v uint64
	for _, c := range s {
		v = v<<5 | uint64(strings.IndexRune(tidAlphabet, c))
	}
	return time.UnixMicro(int64(v >> 10)).UTC(), v & 0x3ff
}

func TestDerivedRecordKeysAreValidStableTIDs(t *testing.T) {
	seen := map[string]bool{}
	for _, key := range []string{"0123456789abcdef0123456789abcdef", "k", "another-key"} {
		for i := range 5 {
			k := postRKey(key, i)
			if !tidRE.MatchString(k) {
				t.Fatalf("postRKey(%q, %d) = %q, not a TID", key, i, k)
			}
			if postRKey(key, i) != k {
				t.Fatalf("postRKey(%q, %d) is not stable", key, i)
			}
			if seen[k] {
				t.Fatalf("postRKey(%q, %d) = %q repeats another key's", key, i, k)
			}
			seen[k] = true
			at, _ := decodeTID(k)
			if at.Year() < 2023 || at.After(time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("TID %s encodes %s, outside 2023–early 2025", k, at)
			}
		}
	}
	if postRKey("", 0) != "" {
		t.Error("a post without a key got a derived record key")
	}
	if likeRKey("at://a/app.bsky.feed.post/1") == likeRKey("at://a/app.bsky.feed.post/2") {
		t.Error("two posts' likes share a record key")
	}
}

func TestEncodeTID(t *testing.T) {
	// 2023-01-01T00:00:00Z with clock id 0, and the largest value a TID holds.
	at := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	k := encodeTID(uint64(at.UnixMicro()) << 10)
	if got, clock := decodeTID(k); !got.Equal(at) || clock != 0 || !tidRE.MatchString(k) {
		t.Errorf("encodeTID round trip: %s → %s, %d", k, got, clock)
	}
	if k := encodeTID(1<<63 - 1); k != "bzzzzzzzzzzzz" {
		t.Errorf("largest TID %q", k)
	}
	if k := encodeTID(0); k != "2222222222222" {
		t.Errorf("zero TID %q", k)
	}
}

func TestParseATURI(t *testing.T) {
	for in, want := range map[string]string{
		"at://did:plc:abc/app.bsky.feed.post/3kabc":           "did:plc:abc app.bsky.feed.post 3kabc",
		"https://bsky.app/profile/alice.test/post/3kabc":      "alice.test app.bsky.feed.post 3kabc",
		"https://bsky.app/profile/did:plc:abc/post/3kabc?x=1": "did:plc:abc app.bsky.feed.post 3kabc",
		"at://did:plc:abc/app.bsky.feed.post":                 "",
		"https://example.com/profile/alice/post/3k/extra":     "",
		"https://bsky.app/profile/alice.test":                 "",
		"mailto:someone@example.com":                          "",
	} {
		u, ok := parseATURI(in)
		got := ""
		if ok {
			got = u.Repo + " " + u.Collection + " " + u.RKey
		}
		if got != want {
			t.Errorf("parseATURI(%q) = %q, want %q", in, got, want)
		}
	}
}
