package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// Records in repos: com.atproto.repo.getRecord and createRecord
// (lexicons/com/atproto/repo/*), and finding a post again by its idempotency key.

// record is what getRecord answers.
type record struct {
	URI   string          `json:"uri"`
	CID   string          `json:"cid"`
	Value json.RawMessage `json:"value"`
}

func (r record) ref() strongRef { return strongRef{URI: r.URI, CID: r.CID} }

// getRecord fetches a record. The account's PDS serves its own repos and hands others to
// its AppView; when that fails too, the record is asked of the PDS its DID document names.
func (ad *Adapter) getRecord(ctx context.Context, acct social.Account, u atURI) (record, error) {
	c := query("com.atproto.repo.getRecord", url.Values{"repo": {u.Repo}, "collection": {u.Collection}, "rkey": {u.RKey}})
	var rec record
	err := ad.call(ctx, acct, c, &rec)
	var nf *platforms.NotFoundError
	var rej *platforms.RejectedError
	if err == nil || !(errors.As(err, &nf) || errors.As(err, &rej)) || !strings.HasPrefix(u.Repo, "did:") {
		return rec, err
	}
	if s := ad.cached(acct.ID); s != nil && s.DID == u.Repo {
		return rec, err // our own repo: the PDS knows
	}
	doc, derr := ad.didDoc(ctx, u.Repo)
	if derr != nil || doc.pds() == "" {
		return rec, err
	}
	rec = record{}
	return rec, ad.send(ctx, doc.pds(), "", c, &rec)
}

// createRecord writes a record under rkey ("": the PDS picks one) in the account's repo.
// When a record already holds that key, an earlier attempt with the same idempotency key
// got through: the existing record is the answer. (The reference PDS answers that second
// create with 500 InternalServerError, "There is already a value at key" inside; seen on
// @atproto/pds 0.5.35. Other PDSes may answer 400, so both are checked the same way.)
func (ad *Adapter) createRecord(ctx context.Context, acct social.Account, did, collection, rkey string, rec any) (strongRef, error) {
	in := map[string]any{"repo": did, "collection": collection, "record": rec}
	if rkey != "" {
		in["rkey"] = rkey
	}
	var out strongRef
	err := ad.call(ctx, acct, procedure("com.atproto.repo.createRecord", in), &out)
	if err == nil || rkey == "" || ctx.Err() != nil {
		return out, err
	}
	var rej *platforms.RejectedError
	var tr *platforms.TransientError
	if !errors.As(err, &rej) && !errors.As(err, &tr) {
		return out, err
	}
	existing, gerr := ad.getRecord(ctx, acct, atURI{Repo: did, Collection: collection, RKey: rkey})
	if gerr != nil {
		return out, err
	}
	ad.log.Debug("bluesky record already there; earlier attempt went out", "account", acct.ID, "uri", existing.URI)
	return existing.ref(), nil
}

// FindPublished looks for the post published with key: its first part sits at the record
// key derived from key, and the thread's later parts at theirs. since is not needed: the
// key alone identifies the post.
func (ad *Adapter) FindPublished(ctx context.Context, acct social.Account, key string, _ time.Time) (platforms.Published, bool, error) {
	if key == "" {
		return platforms.Published{}, false, nil
	}
	s, err := ad.session(ctx, acct)
	if err != nil {
		return platforms.Published{}, false, forAccount(acct, err)
	}
	var ids []string
	var first time.Time
	for i := 0; i < maxThreadParts; i++ {
		rec, err := ad.getRecord(ctx, acct, atURI{Repo: s.DID, Collection: collPost, RKey: postRKey(key, i)})
		var nf *platforms.NotFoundError
		if errors.As(err, &nf) {
			break
		}
		if err != nil {
			return platforms.Published{}, false, err
		}
		if i == 0 {
			var post struct {
				CreatedAt string `json:"createdAt"`
			}
			_ = json.Unmarshal(rec.Value, &post)
			first, _ = time.Parse(time.RFC3339Nano, post.CreatedAt)
		}
		ids = append(ids, rec.URI)
	}
	if len(ids) == 0 {
		return platforms.Published{}, false, nil
	}
	pub := ad.published(s, ids)
	if !first.IsZero() {
		pub.At = first.UTC()
	}
	return pub, true, nil
}

// maxThreadParts bounds how many parts FindPublished looks for.
const maxThreadParts = 100
