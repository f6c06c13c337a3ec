package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/text"
	"github.com/chorus-social/chorus/social"
)

// strongRef is com.atproto.repo.strongRef: a record by URI and content hash.
type strongRef struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

// replyRef is app.bsky.feed.post#replyRef: the thread's first post and the post answered.
type replyRef struct {
	Root   strongRef `json:"root"`
	Parent strongRef `json:"parent"`
}

// postRecord is an app.bsky.feed.post record (lexicons/app/bsky/feed/post.json).
type postRecord struct {
	Type      string      `json:"$type"`
	Text      string      `json:"text"`
	CreatedAt string      `json:"createdAt"`
	Facets    []facet     `json:"facets,omitempty"`
	Reply     *replyRef   `json:"reply,omitempty"`
	Embed     any         `json:"embed,omitempty"`
	Langs     []string    `json:"langs,omitempty"`
	Labels    *selfLabels `json:"labels,omitempty"`
}

// selfLabels is com.atproto.label.defs#selfLabels: labels the author puts on a post.
type selfLabels struct {
	Type   string       `json:"$type"`
	Values []labelValue `json:"values"`
}

type labelValue struct {
	Val string `json:"val"`
}

// contentLabels are the self-labels the Bluesky app offers for a post's media; a content
// warning must be one of them, since Bluesky has no free-text warnings
// (https://docs.bsky.app/docs/advanced-guides/moderation#global-label-values).
var contentLabels = []string{"sexual", "nudity", "porn", "graphic-media"}

// timeFormat is how records write createdAt: RFC 3339 in UTC with milliseconds and a Z,
// the form the lexicon's datetime format prefers.
const timeFormat = "2006-01-02T15:04:05.000Z"

// Publish posts p from the account: a single post, or a thread whose parts each answer the
// one before. Each part's record key derives from p.IdemKey, so publishing the same key
// again finds the parts already out instead of posting them twice.
func (ad *Adapter) Publish(ctx context.Context, acct social.Account, p platforms.Publishable) (platforms.Published, error) {
	return ad.publish(ctx, acct, p, nil)
}

// Reply answers the post to (an AT-URI, or its bsky.app link) with p, idempotently by
// p.IdemKey as Publish is.
func (ad *Adapter) Reply(ctx context.Context, acct social.Account, to string, p platforms.Publishable) (platforms.Published, error) {
	if err := ad.validate(p); err != nil {
		return platforms.Published{}, err
	}
	target, err := ad.replyTarget(ctx, acct, to)
	if err != nil {
		return platforms.Published{}, err
	}
	return ad.publish(ctx, acct, p, &target)
}

// replyTarget returns the reply refs of an answer to the post to: it as parent, and its
// thread's root (its own reply.root if it is itself a reply).
func (ad *Adapter) replyTarget(ctx context.Context, acct social.Account, to string) (replyRef, error) {
	u, err := ad.postURI(ctx, acct, to)
	if err != nil {
		return replyRef{}, err
	}
	rec, err := ad.getRecord(ctx, acct, u)
	if err != nil {
		return replyRef{}, err
	}
	var post struct {
		Reply *replyRef `json:"reply"`
	}
	_ = json.Unmarshal(rec.Value, &post)
	ref := replyRef{Root: rec.ref(), Parent: rec.ref()}
	if post.Reply != nil && post.Reply.Root.URI != "" && post.Reply.Root.CID != "" {
		ref.Root = post.Reply.Root
	}
	return ref, nil
}

// publish sends the parts of p after p.Sent, as answers to target when it is set.
func (ad *Adapter) publish(ctx context.Context, acct social.Account, p platforms.Publishable, target *replyRef) (platforms.Published, error) {
	if err := ad.validate(p); err != nil {
		return platforms.Published{}, err
	}
	s, err := ad.session(ctx, acct)
	if err != nil {
		return platforms.Published{}, forAccount(acct, err)
	}
	ids := slices.Clone(p.Sent)
	var root, parent *strongRef
	if target != nil {
		root, parent = &target.Root, &target.Parent
	}
	// Resuming: the refs need the sent parts' content hashes, which only the records have.
	if len(p.Sent) > 0 {
		first, err := ad.sentRef(ctx, acct, p.Sent[0])
		if err != nil {
			return ad.published(s, ids), err
		}
		last := first
		if len(p.Sent) > 1 {
			if last, err = ad.sentRef(ctx, acct, p.Sent[len(p.Sent)-1]); err != nil {
				return ad.published(s, ids), err
			}
		}
		if root == nil {
			root = &first
		}
		parent = &last
	}
	resolve := ad.mentionResolver(acct)
	for i := len(p.Sent); i < len(p.Parts); i++ {
		rec, err := ad.postRecord(ctx, acct, p, i, resolve)
		if err != nil {
			return ad.published(s, ids), err
		}
		if root != nil {
			rec.Reply = &replyRef{Root: *root, Parent: *parent}
		}
		ref, err := ad.createRecord(ctx, acct, s.DID, collPost, postRKey(p.IdemKey, i), rec)
		if err != nil && len(p.Parts) > 1 {
			err = fmt.Errorf("part %d of %d: %w", i+1, len(p.Parts), err)
		}
		if err != nil {
			return ad.published(s, ids), err
		}
		ids = append(ids, ref.URI)
		if root == nil {
			root = &ref
		}
		parent = &ref
	}
	return ad.published(s, ids), nil
}

// published describes the parts that went out (none: the zero value).
func (ad *Adapter) published(s *session, ids []string) platforms.Published {
	if len(ids) == 0 {
		return platforms.Published{}
	}
	pub := platforms.Published{RemoteID: ids[0], At: ad.now().UTC(), Parts: ids}
	if u, ok := parseATURI(ids[0]); ok {
		pub.URL = ad.webURL(u, s.Handle)
	}
	return pub
}

// sentRef fetches the ref of a part sent by an earlier attempt.
func (ad *Adapter) sentRef(ctx context.Context, acct social.Account, id string) (strongRef, error) {
	u, err := ad.postURI(ctx, acct, id)
	if err != nil {
		return strongRef{}, err
	}
	rec, err := ad.getRecord(ctx, acct, u)
	if err != nil {
		return strongRef{}, fmt.Errorf("the part already sent, %s: %w", id, err)
	}
	return rec.ref(), nil
}

// langRE is a BCP 47 language tag as posts use them ("en", "pt-BR", "zh-Hant").
var langRE = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$`)

// validate applies Bluesky's rules to everything about to be sent, so nothing goes out
// when a later part would be refused.
func (ad *Adapter) validate(p platforms.Publishable) error {
	if len(p.Parts) == 0 {
		return &platforms.RejectedError{Reason: "nothing to publish"}
	}
	if len(p.Sent) > len(p.Parts) {
		return &platforms.RejectedError{Reason: fmt.Sprintf("%d parts already sent of a %d-part thread", len(p.Sent), len(p.Parts))}
	}
	switch strings.ToLower(p.Visibility) {
	case "", "public":
	default:
		return &platforms.RejectedError{Reason: fmt.Sprintf("Bluesky posts are always public; visibility %q cannot be honoured", p.Visibility)}
	}
	if _, err := contentWarning(p.ContentWarning); err != nil {
		return err
	}
	if _, err := langs(p.Lang); err != nil {
		return err
	}
	for i := len(p.Sent); i < len(p.Parts); i++ {
		part := p.Parts[i]
		if n := text.BlueskyCount(part.Text); n > MaxGraphemes {
			return &platforms.TooLongError{Length: n, Limit: MaxGraphemes}
		}
		if !utf8.ValidString(part.Text) {
			// JSON would replace the bad bytes with U+FFFD, moving every facet after them.
			return &platforms.RejectedError{Reason: fmt.Sprintf("part %d is not valid UTF-8 text", i+1)}
		}
		if len(part.Text) > MaxTextBytes {
			return &platforms.RejectedError{Reason: fmt.Sprintf("part %d is %d bytes of UTF-8; Bluesky takes at most %d", i+1, len(part.Text), MaxTextBytes)}
		}
		if strings.TrimSpace(part.Text) == "" && len(part.Media) == 0 {
			return &platforms.RejectedError{Reason: fmt.Sprintf("part %d has no text and no image", i+1)}
		}
		if err := ad.checkMedia(i, part.Media); err != nil {
			return err
		}
	}
	return nil
}

// contentWarning maps a content warning to self-labels: it must name one of Bluesky's
// labels, since silently dropping a warning, or posting it as text, would misrepresent it.
func contentWarning(cw string) (*selfLabels, error) {
	cw = strings.ToLower(strings.TrimSpace(cw))
	if cw == "" {
		return nil, nil
	}
	if !slices.Contains(contentLabels, cw) {
		return nil, &platforms.RejectedError{Reason: fmt.Sprintf("Bluesky has no free-text content warnings; use one of the labels %s instead of %q",
			strings.Join(contentLabels, ", "), cw)}
	}
	return &selfLabels{Type: "com.atproto.label.defs#selfLabels", Values: []labelValue{{Val: cw}}}, nil
}

// langs turns the post's language into the record's langs.
func langs(lang string) ([]string, error) {
	lang = strings.ReplaceAll(strings.TrimSpace(lang), "_", "-")
	if lang == "" {
		return nil, nil
	}
	if !langRE.MatchString(lang) {
		return nil, &platforms.RejectedError{Reason: fmt.Sprintf("language %q is not a language tag such as en or pt-BR", lang)}
	}
	return []string{lang}, nil
}

// postRecord builds the record of part i: text, facets, langs, labels, and an embed (its
// images, or else a card for its first link).
func (ad *Adapter) postRecord(ctx context.Context, acct social.Account, p platforms.Publishable, i int, resolve resolver) (postRecord, error) {
	part := p.Parts[i]
	facets, err := buildFacets(ctx, part.Text, resolve)
	if err != nil {
		return postRecord{}, err
	}
	labels, _ := contentWarning(p.ContentWarning) // validated
	lg, _ := langs(p.Lang)
	rec := postRecord{Type: collPost, Text: part.Text, CreatedAt: ad.now().UTC().Format(timeFormat),
		Facets: facets, Langs: lg, Labels: labels}
	switch link := firstLink(facets); {
	case len(part.Media) > 0:
		if rec.Embed, err = ad.imagesEmbed(ctx, acct, i, part.Media); err != nil {
			return postRecord{}, err
		}
	case link != "" && ad.opt.linkCards != "off":
		rec.Embed = ad.linkCard(ctx, acct, link)
	}
	return rec, nil
}

// resolver finds the DID of a handle.
type resolver func(ctx context.Context, handle string) (string, error)

// mentionResolver resolves mentioned handles with the account's PDS, remembering answers
// for the rest of one publish. A handle the PDS cannot resolve counts as not existing:
// the Bluesky app asks no one else either.
func (ad *Adapter) mentionResolver(acct social.Account) resolver {
	var mu sync.Mutex
	known := map[string]string{}
	return func(ctx context.Context, handle string) (string, error) {
		mu.Lock()
		did, ok := known[handle]
		mu.Unlock()
		if ok {
			return did, nil
		}
		var out struct {
			DID string `json:"did"`
		}
		err := ad.call(ctx, acct, query("com.atproto.identity.resolveHandle", url.Values{"handle": {handle}}), &out)
		var rej *platforms.RejectedError
		if errors.As(err, &rej) || (err == nil && !strings.HasPrefix(out.DID, "did:")) {
			return "", &platforms.NotFoundError{What: "handle " + handle}
		}
		if err != nil {
			return "", err
		}
		mu.Lock()
		known[handle] = out.DID
		mu.Unlock()
		return out.DID, nil
	}
}
