package bluesky

import (
	"context"
	"net/url"
	"strings"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// Collections the adapter reads and writes.
const (
	collPost    = "app.bsky.feed.post"
	collLike    = "app.bsky.feed.like"
	collRepost  = "app.bsky.feed.repost"
	collFollow  = "app.bsky.graph.follow"
	collProfile = "app.bsky.actor.profile"
)

// atURI is a parsed at://authority/collection/rkey (https://atproto.com/specs/at-uri-scheme).
// The authority is a DID, or a handle in links people paste.
type atURI struct {
	Repo, Collection, RKey string
}

func (u atURI) String() string { return "at://" + u.Repo + "/" + u.Collection + "/" + u.RKey }

// parseATURI reads an AT-URI of a record. It also takes a post's web link
// (https://bsky.app/profile/<handle or DID>/post/<rkey>), which is what people copy.
func parseATURI(s string) (atURI, bool) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "at://"); ok {
		parts := strings.Split(rest, "/")
		if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
			return atURI{}, false
		}
		return atURI{Repo: parts[0], Collection: parts[1], RKey: parts[2]}, true
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return atURI{}, false
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) == 4 && parts[0] == "profile" && parts[2] == "post" && parts[1] != "" && parts[3] != "" {
		return atURI{Repo: parts[1], Collection: collPost, RKey: parts[3]}, true
	}
	return atURI{}, false
}

// postURI parses the remote id of a post, refusing anything else (a like, a follow).
// A handle in the authority is resolved to the DID, since records are addressed by DID.
func (ad *Adapter) postURI(ctx context.Context, acct social.Account, id string) (atURI, error) {
	u, ok := parseATURI(id)
	if !ok {
		return atURI{}, &platforms.RejectedError{Reason: "not a Bluesky post: " + id}
	}
	if u.Collection != collPost {
		return atURI{}, &platforms.RejectedError{Reason: "not a post but a " + u.Collection + " record: " + id}
	}
	if !strings.HasPrefix(u.Repo, "did:") {
		s, err := ad.session(ctx, acct)
		if err != nil {
			return atURI{}, forAccount(acct, err)
		}
		did, err := ad.resolveHandle(ctx, s.PDS, u.Repo)
		if err != nil {
			return atURI{}, err
		}
		u.Repo = did
	}
	return u, nil
}

// webURL is the web link of a record: a post's page, or for other records the profile of
// their author.
func (ad *Adapter) webURL(u atURI, handle string) string {
	who := u.Repo
	if handle != "" && handle != "handle.invalid" {
		who = handle
	}
	if u.Collection == collPost {
		return ad.opt.web + "/profile/" + who + "/post/" + u.RKey
	}
	return ad.opt.web + "/profile/" + who
}

// profileURL is the web link of an account.
func (ad *Adapter) profileURL(handleOrDID string) string {
	return ad.opt.web + "/profile/" + handleOrDID
}
