package mastodon

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/text"
	"github.com/chorus-social/chorus/social"
)

// statusParams is the body of POST /api/v1/statuses
// (https://docs.joinmastodon.org/methods/statuses/#create). ScheduledAt is set only by
// ScheduleOnServer (schedule.go); Publish sends at once.
type statusParams struct {
	Status      string   `json:"status"`
	MediaIDs    []string `json:"media_ids,omitempty"`
	InReplyToID string   `json:"in_reply_to_id,omitempty"`
	SpoilerText string   `json:"spoiler_text,omitempty"`
	Visibility  string   `json:"visibility,omitempty"`
	Language    string   `json:"language,omitempty"`
	ScheduledAt string   `json:"scheduled_at,omitempty"`
}

// visibilities are the values POST /api/v1/statuses takes.
var visibilities = []string{"public", "unlisted", "private", "direct"}

// Publish posts p from account a: one status, or a thread in which each part replies to
// the one before. Each part carries an Idempotency-Key (the target's key for the first
// part, key-N for part N+1), so a retry within the hour Mastodon keeps keys returns the
// statuses already made instead of posting again. The content warning goes on every part.
func (ad *Adapter) Publish(ctx context.Context, a social.Account, p platforms.Publishable) (platforms.Published, error) {
	s, err := ad.session(ctx, a)
	if err != nil {
		return platforms.Published{}, err
	}
	return ad.publish(ctx, s, p)
}

func (ad *Adapter) publish(ctx context.Context, s *session, p platforms.Publishable) (platforms.Published, error) {
	switch {
	case len(p.Parts) == 0:
		return platforms.Published{}, &platforms.RejectedError{Reason: "nothing to post: no parts"}
	case len(p.Sent) > len(p.Parts):
		return platforms.Published{}, &platforms.RejectedError{
			Reason: fmt.Sprintf("%d parts recorded as sent, but the post has only %d", len(p.Sent), len(p.Parts))}
	case p.Visibility != "" && !slices.Contains(visibilities, p.Visibility):
		return platforms.Published{}, &platforms.RejectedError{
			Reason: fmt.Sprintf("visibility %q: Mastodon knows %s", p.Visibility, strings.Join(visibilities, ", "))}
	}
	out := platforms.Published{Parts: slices.Clone(p.Sent)}
	if len(out.Parts) > 0 {
		out.RemoteID = out.Parts[0]
	}
	if len(p.Sent) == len(p.Parts) {
		return ad.describe(ctx, s, out), nil // an earlier attempt sent everything
	}
	lim, err := ad.limitsFor(ctx, s)
	if err != nil {
		return out, err
	}
	if err := lim.check(p); err != nil {
		return out, err
	}
	replyTo := p.ReplyTo
	if n := len(p.Sent); n > 0 {
		replyTo = p.Sent[n-1]
	}
	for i := len(p.Sent); i < len(p.Parts); i++ {
		st, err := ad.postPart(ctx, s, p, i, replyTo)
		if err != nil {
			if len(p.Parts) > 1 {
				err = fmt.Errorf("part %d of %d: %w", i+1, len(p.Parts), err)
			}
			return out, err
		}
		if i == 0 {
			out.RemoteID, out.URL, out.At = st.ID, st.link(), st.CreatedAt.UTC()
		}
		out.Parts = append(out.Parts, st.ID)
		replyTo = st.ID
	}
	if out.URL == "" {
		out = ad.describe(ctx, s, out) // the first part went out in an earlier attempt
	}
	return out, nil
}

// postPart uploads part i's media and posts it.
func (ad *Adapter) postPart(ctx context.Context, s *session, p platforms.Publishable, i int, replyTo string) (*status, error) {
	params, err := ad.partParams(ctx, s, p, i, replyTo)
	if err != nil {
		return nil, err
	}
	var st status
	if _, err := s.postJSON(ctx, "/api/v1/statuses", params, partKey(p.IdemKey, i), &st); err != nil {
		return nil, err
	}
	if st.ID == "" {
		return nil, &platforms.RejectedError{Reason: "the instance answered the post without a status id"}
	}
	return &st, nil
}

// partParams uploads part i's media (with alt text, waiting for processing) and returns
// the body that posts it.
func (ad *Adapter) partParams(ctx context.Context, s *session, p platforms.Publishable, i int, replyTo string) (statusParams, error) {
	part := p.Parts[i]
	params := statusParams{
		Status:      part.Text,
		InReplyToID: replyTo,
		SpoilerText: p.ContentWarning,
		Visibility:  p.Visibility,
		Language:    p.Lang,
	}
	for _, m := range part.Media {
		id, err := ad.upload(ctx, s, m)
		if err != nil {
			return statusParams{}, err
		}
		params.MediaIDs = append(params.MediaIDs, id)
	}
	return params, nil
}

// partKey is part i's Idempotency-Key: the target's own for the first part, so that a
// whole post and the first part of a thread are found by the same key.
func partKey(key string, i int) string {
	if key == "" || i == 0 {
		return key
	}
	return key + "-" + strconv.Itoa(i)
}

// describe fills the post's URL and time from its first status when an earlier attempt
// sent it. It is best effort: the post is out either way.
func (ad *Adapter) describe(ctx context.Context, s *session, out platforms.Published) platforms.Published {
	if out.RemoteID == "" {
		return out
	}
	if st, err := s.status(ctx, out.RemoteID); err == nil {
		out.URL, out.At = st.link(), st.CreatedAt.UTC()
	}
	return out
}

// Reply answers the status with id to. Like Mastodon's own apps it mentions the people
// the reply is addressed to (the author, then the others the status mentions, never the
// account itself) unless the text already does, since Mastodon notifies only those a
// status mentions; and unless p says otherwise it keeps the parent's content warning
// and does not widen its audience (a reply to a followers-only or direct status stays
// so).
func (ad *Adapter) Reply(ctx context.Context, a social.Account, to string, p platforms.Publishable) (platforms.Published, error) {
	s, err := ad.session(ctx, a)
	if err != nil {
		return platforms.Published{}, err
	}
	parent, err := s.status(ctx, to)
	if err != nil {
		return platforms.Published{}, fmt.Errorf("read the status replied to: %w", err)
	}
	self, err := ad.selfID(ctx, s)
	if err != nil {
		return platforms.Published{}, err
	}
	p.ReplyTo = to
	if p.ContentWarning == "" {
		p.ContentWarning = parent.SpoilerText
	}
	if p.Visibility == "" && parent.Visibility != "public" {
		p.Visibility = parent.Visibility
	}
	people := []string{}
	if parent.Account.ID != self {
		people = append(people, parent.Account.Acct)
	}
	for _, m := range parent.Mentions {
		if m.ID != self {
			people = append(people, m.Acct)
		}
	}
	p.Parts = addressed(p.Parts, people)
	return ad.publish(ctx, s, p)
}

// addressed returns parts with "@acct " put in front of the first part's text for each of
// people it does not mention yet. parts itself is not changed.
func addressed(parts []social.Part, people []string) []social.Part {
	if len(parts) == 0 || len(people) == 0 {
		return parts
	}
	have := map[string]bool{}
	for _, m := range text.Mentions(parts[0].Text) {
		have[strings.ToLower(strings.TrimPrefix(m.Text, "@"))] = true
	}
	var prefix strings.Builder
	for _, acct := range people {
		key := strings.ToLower(acct)
		if acct == "" || have[key] {
			continue
		}
		have[key] = true
		prefix.WriteString("@" + acct + " ")
	}
	if prefix.Len() == 0 {
		return parts
	}
	out := slices.Clone(parts)
	out[0].Text = prefix.String() + out[0].Text
	return out
}
