package blueskytest

import (
	"encoding/base32"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// storedRecord is a record in some account's repo.
type storedRecord struct {
	URI, CID, DID, Collection, RKey string
	Value                           json.RawMessage
	IndexedAt                       string
}

// blobInfo is an uploaded blob.
type blobInfo struct {
	did, mime string
	size      int64
}

var (
	tidRE  = regexp.MustCompile(`^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$`)
	rkeyRE = regexp.MustCompile(`^[a-zA-Z0-9_~.:-]{1,512}$`)
	nsidRE = regexp.MustCompile(`^[a-zA-Z]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)+$`)
)

// tidKeyed are the collections whose lexicon says key "tid".
var tidKeyed = map[string]bool{
	"app.bsky.feed.post": true, "app.bsky.feed.like": true, "app.bsky.feed.repost": true, "app.bsky.graph.follow": true,
}

// cidOf makes a CID-looking content hash: "bafyrei" for records, "bafkrei" for blobs.
func cidOf(prefix string, data []byte) string {
	return prefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sha256Of(string(data))))
}

// nextTID is a fresh record key for a create without one.
func (s *Server) nextTID() string {
	s.seq++
	v := uint64(s.now().UnixMicro())<<10 | uint64(s.seq&0x3ff)
	const alphabet = "234567abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 13)
	for i := 12; i >= 0; i-- {
		b[i] = alphabet[v&31]
		v >>= 5
	}
	return string(b)
}

// putRecord stores a record and returns it; it does not validate.
func (s *Server) putRecord(did, collection, rkey string, value json.RawMessage) *storedRecord {
	uri := fmt.Sprintf("at://%s/%s/%s", did, collection, rkey)
	rec := &storedRecord{URI: uri, CID: cidOf("bafyrei", value), DID: did, Collection: collection, RKey: rkey,
		Value: value, IndexedAt: s.stamp()}
	if _, exists := s.records[uri]; !exists {
		s.order = append(s.order, uri)
	}
	s.records[uri] = rec
	return rec
}

// Record returns the stored value of a record, or nil.
func (s *Server) Record(uri string) json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r := s.records[uri]; r != nil {
		return r.Value
	}
	return nil
}

// Records returns the URIs of an account's records in one collection, oldest first.
func (s *Server) Records(did, collection string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, uri := range s.order {
		if r := s.records[uri]; r != nil && r.DID == did && r.Collection == collection {
			out = append(out, uri)
		}
	}
	return out
}

func (s *Server) createRecord(c *caller, r *request) (any, *xrpcError) {
	var in struct {
		Repo       string          `json:"repo"`
		Collection string          `json:"collection"`
		RKey       *string         `json:"rkey"`
		Record     json.RawMessage `json:"record"`
		Validate   *bool           `json:"validate"`
	}
	if err := r.decode(&in); err != nil {
		return nil, err
	}
	if in.Repo == "" || in.Collection == "" || len(in.Record) == 0 {
		return nil, invalid(`Input must have the properties "repo", "collection" and "record"`)
	}
	if a := s.actor(in.Repo); a == nil || a.DID != c.acct.DID {
		// The reference PDS answers a write to someone else's repo with a bare 401.
		return nil, &xrpcError{401, "AuthenticationRequired", "Authentication Required"}
	}
	if !nsidRE.MatchString(in.Collection) {
		return nil, invalid("Invalid collection: %s", in.Collection)
	}
	rkey := ""
	if in.RKey != nil {
		rkey = *in.RKey
		if !rkeyRE.MatchString(rkey) || rkey == "." || rkey == ".." {
			return nil, invalid("Invalid record key: %q", rkey)
		}
		if tidKeyed[in.Collection] && !tidRE.MatchString(rkey) {
			// Seen on @atproto/pds 0.5.35.
			return nil, invalid("Invalid record key for %s: Invalid TID string (got %q) at $", in.Collection, rkey)
		}
	} else {
		rkey = s.nextTID()
	}
	var typed struct {
		Type string `json:"$type"`
	}
	if err := json.Unmarshal(in.Record, &typed); err != nil {
		return nil, invalid("Invalid record: %v", err)
	}
	if typed.Type != in.Collection {
		return nil, invalid("Invalid $type: expected %s, got %s", in.Collection, typed.Type)
	}
	if err := s.validateRecord(c.acct, in.Collection, in.Record); err != nil {
		return nil, err
	}
	uri := fmt.Sprintf("at://%s/%s/%s", c.acct.DID, in.Collection, rkey)
	if _, exists := s.records[uri]; exists {
		// The MST refuses a second leaf at the key: "There is already a value at key",
		// which the reference PDS reports as 500 InternalServerError (seen on 0.5.35).
		if s.ConflictStatus == 400 {
			return nil, invalid("Record already exists at %s", uri)
		}
		return nil, &xrpcError{500, "InternalServerError", "Internal Server Error"}
	}
	rec := s.putRecord(c.acct.DID, in.Collection, rkey, in.Record)
	s.notify(rec)
	return map[string]any{"uri": rec.URI, "cid": rec.CID, "commit": map[string]string{"cid": cidOf("bafyrei", []byte(rec.URI)), "rev": rkey},
		"validationStatus": "valid"}, nil
}

func (s *Server) getRecord(_ *caller, r *request) (any, *xrpcError) {
	repo, coll, rkey := r.param("repo"), r.param("collection"), r.param("rkey")
	if repo == "" || coll == "" || rkey == "" {
		return nil, invalid(`Error: Params must have the properties "repo", "collection" and "rkey"`)
	}
	a := s.actor(repo)
	if a == nil {
		return nil, invalid("Could not find repo: %s", repo)
	}
	uri := fmt.Sprintf("at://%s/%s/%s", a.DID, coll, rkey)
	rec := s.records[uri]
	if rec == nil {
		return nil, &xrpcError{400, "RecordNotFound", "Could not locate record: " + uri}
	}
	return map[string]any{"uri": rec.URI, "cid": rec.CID, "value": rec.Value}, nil
}

// uploadBlob takes the raw body: over BlobLimit it is 413 PayloadTooLarge "request entity
// too large" (seen on 0.5.35 for a 6 MB body).
func (s *Server) uploadBlob(c *caller, r *request) (any, *xrpcError) {
	if int64(len(r.body)) > s.BlobLimit {
		return nil, &xrpcError{413, "PayloadTooLarge", "request entity too large"}
	}
	if r.mime == "" {
		return nil, invalid("Missing Content-Type")
	}
	cid := cidOf("bafkrei", r.body)
	s.blobs[cid] = blobInfo{did: c.acct.DID, mime: r.mime, size: int64(len(r.body))}
	return map[string]any{"blob": map[string]any{"$type": "blob", "ref": map[string]string{"$link": cid},
		"mimeType": r.mime, "size": len(r.body)}}, nil
}
