package bluesky

import (
	"crypto/sha256"
	"encoding/binary"
	"regexp"
	"strconv"
	"time"
)

// Record keys. app.bsky.feed.post and app.bsky.feed.like are keyed by TIDs, and the
// reference PDS refuses any other key for them ("Invalid record key for
// app.bsky.feed.post: Invalid TID string", seen on @atproto/pds 0.5.35). A TID is 64 bits
// (top bit zero, 53 bits of microseconds since the epoch, 10 bits of clock id) written as
// 13 characters of base32-sortable (https://atproto.com/specs/tid,
// https://atproto.com/specs/record-key).
//
// Chorus derives a post's key from its idempotency key instead of the clock, so that a
// second createRecord for the same post hits the same key and fails instead of posting
// twice. The derived timestamp lies in 2023–2025: always in the past (a TID from the
// future is suspect to relays) and a span wide enough that two keys collide with
// negligible chance (about 2⁵⁶ values). Nothing in Bluesky orders posts by record key;
// feeds use createdAt and indexedAt.

const tidAlphabet = "234567abcdefghijklmnopqrstuvwxyz"

// tidRE is the TID syntax (https://atproto.com/specs/tid).
var tidRE = regexp.MustCompile(`^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$`)

// tidEpoch and tidSpan bound the derived timestamps: from 2023-01-01 for 2⁴⁶ µs (~2.2 years).
var tidEpoch = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()

const tidSpan = 1 << 46

// encodeTID writes v (top bit ignored) as a 13-character TID.
func encodeTID(v uint64) string {
	v &^= 1 << 63
	var b [13]byte
	for i := 12; i >= 0; i-- {
		b[i] = tidAlphabet[v&31]
		v >>= 5
	}
	return string(b[:])
}

// derivedTID returns the TID for one record derived from seed: the same seed always
// gives the same TID.
func derivedTID(seed string) string {
	h := sha256.Sum256([]byte("chorus/bluesky/rkey\x00" + seed))
	micros := uint64(tidEpoch) + binary.BigEndian.Uint64(h[:8])%tidSpan
	clock := uint64(binary.BigEndian.Uint16(h[8:10])) & 0x3ff
	return encodeTID(micros<<10 | clock)
}

// postRKey is the record key of part i of the post with idempotency key key, or "" (the
// PDS picks one) when the post has no key.
func postRKey(key string, i int) string {
	if key == "" {
		return ""
	}
	return derivedTID("post\x00" + key + "\x00" + strconv.Itoa(i))
}

// likeRKey is the record key of the account's like of a post: one per post, so a second
// like lands on the first.
func likeRKey(subjectURI string) string { return derivedTID("like\x00" + subjectURI) }
