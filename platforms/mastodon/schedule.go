package mastodon

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// Server-side scheduling: POST /api/v1/statuses with scheduled_at answers a
// ScheduledStatus (https://docs.joinmastodon.org/methods/statuses/#create), which the
// instance keeps under /api/v1/scheduled_statuses
// (https://docs.joinmastodon.org/methods/scheduled_statuses/) until its scheduler posts
// it. What Mastodon does, read from its source (PostStatusService, ScheduledStatus,
// PublishScheduledStatusWorker):
//
//   - a scheduled_at at or before now + 5 minutes (its own clock) is refused with 422
//     "Validation failed: Scheduled at The scheduled date must be in the future"; but one
//     already in the past is not refused: the status is published at once. So the adapter
//     refuses any time not more than MinScheduleLead ahead before it sends anything;
//   - an account may hold at most 300 scheduled statuses and 25 per day (422);
//   - when the time comes, the worker deletes the scheduled status and then posts a new
//     status from its params, created when the worker runs (a little late when Sidekiq is
//     busy). Nothing links the two: the new status has its own id, and the scheduled
//     status's id then answers 404, exactly as after a cancel. ScheduledState therefore
//     looks for the post among the account's statuses.

// MinScheduleLead is how far ahead a time must be for Mastodon to schedule it
// (ScheduledStatus::MINIMUM_OFFSET): strictly more than this.
const MinScheduleLead = 5 * time.Minute

// publishedRef marks a ref that names a status, not a scheduled status: the instance
// published at once because by its clock the time had already passed.
const publishedRef = "published:"

// The window around the scheduled time in which ScheduledState looks for the published
// status: a minute before (clocks differ) to a quarter of an hour after (the scheduler
// runs late when its queue is long). And how far back it pages the account's statuses.
const (
	matchBefore   = time.Minute
	matchAfter    = 15 * time.Minute
	matchPageSize = 40
	matchMaxPages = 5
)

// maxScheduledPages bounds the scan of the scheduled statuses (40 a page; an account
// holds at most 300).
const maxScheduledPages = 8

// scheduledStatus is a ScheduledStatus (https://docs.joinmastodon.org/entities/ScheduledStatus/).
type scheduledStatus struct {
	ID          string    `json:"id"`
	ScheduledAt time.Time `json:"scheduled_at"`
	Params      struct {
		Text string `json:"text"`
	} `json:"params"`
	MediaAttachments []mediaAttachment `json:"media_attachments"`
}

// scheduleAnswer is what POST /api/v1/statuses with scheduled_at answers: a
// ScheduledStatus, or a Status when the instance published at once.
type scheduleAnswer struct {
	ID          string `json:"id"`
	ScheduledAt string `json:"scheduled_at"` // ScheduledStatus only
	CreatedAt   string `json:"created_at"`   // Status only
}

// MinLead is how far ahead of now Mastodon accepts a scheduled time: 5 minutes. The
// instance checks on arrival with its own clock and wants strictly more, so a time right
// at the limit fails; leave a margin.
func (ad *Adapter) MinLead() time.Duration { return MinScheduleLead }

// ScheduleOnServer hands a single post to the instance to publish at `at` and returns
// the scheduled status's id. It checks p as Publish does (limits, visibility), uploads
// the media with their alt text and waits for processing (a scheduled status can only
// attach processed uploads), then posts the status with scheduled_at (UTC, to the
// second) and an Idempotency-Key made from p.IdemKey (see scheduleKey), so handing the
// same post over again for the same time within the hour Mastodon keeps keys returns the
// same scheduled status.
//
// Refused before anything is sent (*platforms.RejectedError): a thread (more than one
// part, or parts already sent: later parts must answer statuses that do not exist yet)
// and a time not more than MinLead ahead. The instance's own "must be in the future"
// refusal (its clock may be ahead of ours) comes back as a RejectedError saying so.
//
// If the instance published at once (its clock already past `at`), the ref returned
// names that status ("published:<id>"); ScheduledState reports it published.
func (ad *Adapter) ScheduleOnServer(ctx context.Context, a social.Account, p platforms.Publishable, at time.Time) (string, error) {
	switch {
	case len(p.Parts) == 0:
		return "", &platforms.RejectedError{Reason: "nothing to schedule: no parts"}
	case len(p.Parts) > 1 || len(p.Sent) > 0:
		return "", &platforms.RejectedError{Reason: fmt.Sprintf(
			"a thread (%d parts) cannot be scheduled on the server: Mastodon schedules single posts, and each later part must answer one already published; let chorus publish it at the time instead", max(len(p.Parts), len(p.Sent)+1))}
	case p.Visibility != "" && !slices.Contains(visibilities, p.Visibility):
		return "", &platforms.RejectedError{
			Reason: fmt.Sprintf("visibility %q: Mastodon knows %s", p.Visibility, strings.Join(visibilities, ", "))}
	}
	at = at.UTC().Truncate(time.Second)
	if err := ad.checkLead(at); err != nil {
		return "", err
	}
	s, err := ad.session(ctx, a)
	if err != nil {
		return "", err
	}
	lim, err := ad.limitsFor(ctx, s)
	if err != nil {
		return "", err
	}
	if err := lim.check(p); err != nil {
		return "", err
	}
	params, err := ad.partParams(ctx, s, p, 0, p.ReplyTo)
	if err != nil {
		return "", err
	}
	// Processing uploads takes time: check again so a time that has come too close is
	// refused here rather than published at once by an instance whose clock runs ahead.
	// The uploads stay unattached; the instance removes those after a day.
	if err := ad.checkLead(at); err != nil {
		return "", err
	}
	params.ScheduledAt = at.Format(time.RFC3339)
	key := scheduleKey(p, at)
	var ans scheduleAnswer
	_, err = s.postJSON(ctx, "/api/v1/statuses", params, key, &ans)
	var rej *platforms.RejectedError
	var nf *platforms.NotFoundError
	switch {
	case errors.As(err, &rej) && rej.Status == http.StatusUnprocessableEntity && strings.Contains(strings.ToLower(rej.Reason), "scheduled date"):
		return "", &platforms.RejectedError{Status: rej.Status, Reason: fmt.Sprintf(
			"the instance refused %s as too soon: Mastodon schedules a post only more than %s ahead by its own clock (it said %q)",
			at.Format(time.RFC3339), MinScheduleLead, rej.Reason)}
	case errors.As(err, &nf) && key != "" && params.InReplyToID == "":
		// Nothing else in this request can be missing. Mastodon looks a known
		// Idempotency-Key up before it reads scheduled_at, among statuses rather than
		// scheduled statuses, and so may answer a repeated key with 404: look for the
		// scheduled status the first request made.
		if sc, ferr := findScheduled(ctx, s, params.Status, at); ferr == nil && sc != nil {
			return sc.ID, nil
		}
		return "", err
	case err != nil:
		return "", err
	case ans.ID == "":
		return "", &platforms.RejectedError{Reason: "the instance answered the scheduled post without an id"}
	case ans.ScheduledAt == "" && ans.CreatedAt != "":
		return publishedRef + ans.ID, nil
	}
	return ans.ID, nil
}

// scheduleKey is the Idempotency-Key of a hand-off: p.IdemKey, then "-sched-" and a
// digest of what is handed over (time, text, options, attachments and their alt text).
// Not p.IdemKey itself: Mastodon ties a key to what it made for an hour, and the engine
// keeps the target's key when it takes a post back (to edit it, or to publish it
// itself). Publish with that key would then get the withdrawn scheduled status (or a
// 404) instead of posting, and an edited hand-off the old one. The same post for the
// same time gets the same key, so a retry still finds its scheduled status.
func scheduleKey(p platforms.Publishable, at time.Time) string {
	if p.IdemKey == "" {
		return ""
	}
	h := sha256.New()
	part := p.Parts[0]
	fields := []string{at.UTC().Format(time.RFC3339), part.Text, p.ContentWarning, p.Visibility, p.Lang, p.ReplyTo}
	for _, m := range part.Media {
		fields = append(fields, m.Path, m.Alt)
	}
	for _, f := range fields {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return p.IdemKey + "-sched-" + hex.EncodeToString(h.Sum(nil))[:16]
}

// checkLead refuses a time not more than MinScheduleLead ahead of the adapter's clock.
func (ad *Adapter) checkLead(at time.Time) error {
	now := ad.now()
	if lead := at.Sub(now); lead <= MinScheduleLead {
		when := "in the past"
		if lead > 0 {
			when = "only " + lead.Round(time.Second).String() + " ahead"
		}
		return &platforms.RejectedError{Reason: fmt.Sprintf(
			"%s is %s: Mastodon schedules a post only more than %s ahead; pick a later time or publish it now",
			at.Format(time.RFC3339), when, MinScheduleLead)}
	}
	return nil
}

// findScheduled looks among the account's scheduled statuses for one with text at `at`.
func findScheduled(ctx context.Context, s *session, text string, at time.Time) (*scheduledStatus, error) {
	next := "/api/v1/scheduled_statuses"
	q := url.Values{"limit": {"40"}}
	for range maxScheduledPages {
		var page []scheduledStatus
		resp, err := s.get(ctx, next, q, &page)
		if err != nil {
			return nil, err
		}
		for i, sc := range page {
			d := sc.ScheduledAt.Sub(at)
			if sc.Params.Text == text && d > -time.Second && d < time.Second {
				return &page[i], nil
			}
		}
		next = parseLink(resp.Header)["next"]
		if len(page) == 0 || next == "" {
			return nil, nil
		}
		q = nil
	}
	return nil, nil
}

// ScheduledState says what became of the scheduled status ref: still held by the
// instance (done false), or published (done true, with the status it became).
//
// While the instance holds it, GET /api/v1/scheduled_statuses/:id answers it. Once that
// answers 404 it was either published or deleted (cancelled elsewhere, or dropped), and
// Mastodon does not say which, nor link the scheduled status to the status made from it.
// So the account's own statuses are paged back (at most 200, newest first, boosts left
// out) for one created between a minute before and a quarter of an hour after `at`,
// answering p.ReplyTo (none for a new post), whose text, shown as plain text (HTML to
// text, a remote mention @user@domain read as @user, white space collapsed), equals
// p.Parts[0].Text read the same way, with as many attachments as p has, and with p's
// content warning when it has one. The one created closest to `at` wins.
//
// Limits of that match: a post the scheduler made more than 15 minutes late, or that
// has more than 200 newer posts above it, is not found; a status the account posted
// itself with the same text in that window is taken for it (so a post cancelled in the
// web UI and then posted by hand looks published); text the instance rewrites (a
// server that changes links or mentions in other ways) does not match. Not found
// comes back as a *platforms.NotFoundError.
func (ad *Adapter) ScheduledState(ctx context.Context, a social.Account, ref string, p platforms.Publishable, at time.Time) (platforms.Published, bool, error) {
	s, err := ad.session(ctx, a)
	if err != nil {
		return platforms.Published{}, false, err
	}
	if id, ok := strings.CutPrefix(ref, publishedRef); ok {
		st, err := s.status(ctx, id)
		if err != nil {
			return platforms.Published{}, false, err
		}
		return publishedOf(st), true, nil
	}
	if ref == "" {
		return platforms.Published{}, false, &platforms.RejectedError{Reason: "no scheduled status id given"}
	}
	var sc scheduledStatus
	_, err = s.get(ctx, "/api/v1/scheduled_statuses/"+url.PathEscape(ref), nil, &sc)
	var nf *platforms.NotFoundError
	switch {
	case err == nil:
		return platforms.Published{}, false, nil
	case !errors.As(err, &nf):
		return platforms.Published{}, false, err
	}
	if len(p.Parts) == 0 {
		return platforms.Published{}, false, &platforms.NotFoundError{What: fmt.Sprintf("scheduled status %s: not scheduled any more (nothing given to look for among the account's posts)", ref)}
	}
	st, err := ad.findPublished(ctx, s, p, at.UTC())
	if err != nil {
		return platforms.Published{}, false, err
	}
	if st == nil {
		return platforms.Published{}, false, &platforms.NotFoundError{What: fmt.Sprintf("scheduled status %s: not scheduled any more and not among the account's posts", ref)}
	}
	return publishedOf(st), true, nil
}

// findPublished pages the account's statuses back for the one the scheduler made from
// p at `at` (see ScheduledState); nil when there is none.
func (ad *Adapter) findPublished(ctx context.Context, s *session, p platforms.Publishable, at time.Time) (*status, error) {
	self, err := ad.selfID(ctx, s)
	if err != nil {
		return nil, err
	}
	from, to := at.Add(-matchBefore), at.Add(matchAfter)
	part := p.Parts[0]
	want := plainKey(part.Text)
	next := "/api/v1/accounts/" + url.PathEscape(self) + "/statuses"
	q := url.Values{"limit": {strconv.Itoa(matchPageSize)}, "exclude_reblogs": {"true"}}
	var best *status
	for range matchMaxPages {
		var page []status
		resp, err := s.get(ctx, next, q, &page)
		if err != nil {
			return nil, err
		}
		older := false
		for i, st := range page {
			t := st.CreatedAt.UTC()
			if t.Before(from) {
				older = true
				continue
			}
			if t.After(to) || st.InReplyToID != p.ReplyTo || len(st.MediaAttachments) != len(part.Media) ||
				(p.ContentWarning != "" && st.SpoilerText != p.ContentWarning) || plainKey(htmlToText(st.Content)) != want {
				continue
			}
			if best == nil || t.Sub(at).Abs() < best.CreatedAt.Sub(at).Abs() {
				best = &page[i]
			}
		}
		// Pages come newest first: once one reaches before the window, no later page
		// can hold the post.
		next = parseLink(resp.Header)["next"]
		if older || len(page) == 0 || next == "" {
			break
		}
		q = nil
	}
	return best, nil
}

// remoteMention is a mention with a domain, which Mastodon shows as @user only.
var remoteMention = regexp.MustCompile(`(^|[^\w/])@(\w+)@[A-Za-z0-9.-]*[A-Za-z0-9]`)

// plainKey is text reduced for comparison with a status's content read as plain text:
// remote mentions as @user, runs of white space as one space, trimmed.
func plainKey(text string) string {
	text = remoteMention.ReplaceAllString(text, "$1@$2")
	return strings.Join(strings.Fields(text), " ")
}

// publishedOf describes a single-part post.
func publishedOf(st *status) platforms.Published {
	return platforms.Published{RemoteID: st.ID, URL: st.link(), At: st.CreatedAt.UTC(), Parts: []string{st.ID}}
}

// CancelScheduled withdraws the scheduled status ref (DELETE
// /api/v1/scheduled_statuses/:id). One the instance no longer holds (404) is not an
// error, whether it was deleted or already published: ScheduledState tells which. A ref
// that names a status the instance published at once cannot be withdrawn: that is a
// *platforms.RejectedError (deleting the post is another matter).
func (ad *Adapter) CancelScheduled(ctx context.Context, a social.Account, ref string) error {
	s, err := ad.session(ctx, a)
	if err != nil {
		return err
	}
	if id, ok := strings.CutPrefix(ref, publishedRef); ok {
		return &platforms.RejectedError{Reason: fmt.Sprintf("status %s was published at once, not scheduled: there is nothing to withdraw", id)}
	}
	if ref == "" {
		return &platforms.RejectedError{Reason: "no scheduled status id given"}
	}
	_, err = s.do(ctx, request{method: http.MethodDelete, path: "/api/v1/scheduled_statuses/" + url.PathEscape(ref)}, nil)
	var nf *platforms.NotFoundError
	if err != nil && !errors.As(err, &nf) {
		return fmt.Errorf("cancel scheduled status %s: %w", ref, err)
	}
	return nil
}
