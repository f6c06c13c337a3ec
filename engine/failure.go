package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// failure is what becomes of a failed send: the message the user sees on the target,
// when to try again (zero: failed for good), and whether the post may have reached the
// platform all the same.
type failure struct {
	msg      string
	retryAt  time.Time
	maybeOut bool
}

// retryHint ends every message of a target that failed for good: what puts it back.
const retryHint = "then retry it (p on the calendar)"

// judge decides what a send's error means for the target: a transient one is retried with
// backoff until the retry deadline, one the user must fix fails at once with a message
// saying what to do.
func (p *Publisher) judge(sendCtx context.Context, c store.Claim, err error) failure {
	t := c.Target
	name := p.platformName(c.Account.Platform)
	if sendCtx.Err() != nil {
		// Stopped mid-send (shutdown): nobody's fault, and the answer may have been lost.
		return failure{msg: "interrupted while sending; it goes out on the next run", retryAt: p.now(), maybeOut: true}
	}
	if !platforms.Retryable(err) {
		return failure{msg: explain(err, c, name), maybeOut: maybeOut(err)}
	}
	// A 429 says the platform refused the request unprocessed; a network error or a
	// server error leaves open whether the post was made.
	out := maybeOut(err)
	now := p.now()
	start := t.DueAt
	if c.FirstTry.After(start) {
		start = c.FirstTry
	}
	deadline := start.Add(p.retryFor())
	retryAt := now.Add(Backoff(t.Attempts, platforms.RetryAfter(err)))
	if retryAt.After(deadline) && now.Before(deadline) {
		retryAt = deadline // one last try at the deadline
	}
	capped := p.MaxAttempts > 0 && t.Attempts >= p.MaxAttempts
	if !retryAt.After(deadline) && !capped {
		return failure{msg: "will retry: " + err.Error(), retryAt: retryAt, maybeOut: out}
	}
	msg := fmt.Sprintf("could not publish to %s for %s (%d attempts): %v; check the connection or the platform's status, %s",
		name, roundDur(now.Sub(start)), t.Attempts, err, retryHint)
	if out && !p.idempotent(c.Account.Platform) {
		msg = fmt.Sprintf("could not publish to %s for %s (%d attempts): %v; an attempt may have gone out, so check the account first, %s",
			name, roundDur(now.Sub(start)), t.Attempts, err, retryHint)
	}
	return failure{msg: msg, maybeOut: out}
}

// explain words an error the user must act on: what happened, and what to do.
func explain(err error, c store.Claim, name string) string {
	var (
		auth    *platforms.AuthExpiredError
		long    *platforms.TooLongError
		rej     *platforms.RejectedError
		gone    *platforms.NotFoundError
		subject = subjectOf(c.Target.Kind)
	)
	switch {
	case errors.Is(err, ErrMaybePublished):
		return err.Error()
	case errors.As(err, &auth):
		id := c.Account.ID
		return fmt.Sprintf("%s refused the login of %s: log in again with `chorus accounts login %s` (L on the Metrics pane), %s",
			name, id, id, retryHint)
	case errors.As(err, &long):
		return fmt.Sprintf("%s is too long for %s (%v); shorten it, %s", subject, name, err, retryHint)
	case errors.Is(err, errNoAdapter):
		return fmt.Sprintf("%s cannot be sent: %v; see `chorus doctor`, %s", subject, err, retryHint)
	case errors.Is(err, platforms.ErrUnsupported):
		return fmt.Sprintf("%s cannot be sent (%v); nothing was sent", subject, err)
	case errors.As(err, &rej):
		why := reason(err, rej)
		if mediaError(err) {
			return fmt.Sprintf("%s refused an attachment of %s: %s; replace or fix it (file type, size, alt text), %s",
				name, subject, why, retryHint)
		}
		return fmt.Sprintf("%s refused %s: %s; edit it, %s", name, subject, why, retryHint)
	case errors.As(err, &gone) && c.Target.ReplyTo != "":
		return fmt.Sprintf("%s no longer has what %s answers (%v); nothing was sent", name, subject, err)
	case errors.As(err, &gone):
		return fmt.Sprintf("%s could not find what %s needs (%v); check the account, %s", name, subject, err, retryHint)
	}
	return fmt.Sprintf("publishing to %s failed: %v; it may have gone out, so check the account first, %s", name, err, retryHint)
}

// reason is a refusal in the platform's own words, after whatever the adapter said of
// where it happened ("part 2 of 3: upload photo.png: "), without "rejected by the
// platform".
func reason(err error, rej *platforms.RejectedError) string {
	where := strings.TrimSuffix(err.Error(), rej.Error())
	if rej.Status != 0 {
		return fmt.Sprintf("%s%s (HTTP %d)", where, rej.Reason, rej.Status)
	}
	return where + rej.Reason
}

// subjectOf names what a target sends.
func subjectOf(k social.TargetKind) string {
	switch k {
	case social.KindReply:
		return "the reply"
	case social.KindLike:
		return "the like"
	case social.KindDM:
		return "the message"
	}
	return "the post"
}

// maybeOut reports whether, after err, the post may have been made on the platform: after
// network and server errors and errors no adapter classified, an answer may have been
// lost; a refusal (rate limit, login, validation) means nothing was made.
func maybeOut(err error) bool {
	var (
		rl   *platforms.RateLimitedError
		auth *platforms.AuthExpiredError
		long *platforms.TooLongError
		rej  *platforms.RejectedError
		gone *platforms.NotFoundError
	)
	switch {
	case errors.Is(err, ErrMaybePublished):
		return true
	case errors.As(err, &rl), errors.As(err, &auth), errors.As(err, &long), errors.As(err, &rej), errors.As(err, &gone),
		errors.Is(err, platforms.ErrUnsupported), errors.Is(err, errNoAdapter):
		return false
	}
	return true
}

// mediaError reports whether a refusal was about an attachment (adapters name the upload
// or the attachment in their errors).
func mediaError(err error) bool {
	s := strings.ToLower(err.Error())
	return strings.Contains(s, "upload") || strings.Contains(s, "attachment")
}

// platformName is the platform's name for people ("Mastodon").
func (p *Publisher) platformName(name social.Platform) string {
	if ad, err := p.Platforms.Get(name); err == nil {
		if n := ad.Info().DisplayName; n != "" {
			return n
		}
	}
	return string(name)
}

// idempotent reports whether the platform itself refuses a second create with one key.
func (p *Publisher) idempotent(name social.Platform) bool {
	ad, err := p.Platforms.Get(name)
	return err == nil && ad.Info().Caps.IdempotentPublish
}

func (p *Publisher) retryFor() time.Duration {
	if p.RetryFor > 0 {
		return p.RetryFor
	}
	return DefaultRetryFor
}

// roundDur shows a duration the way a person says it: "1h", "1h5m", "12m", "40s".
func roundDur(d time.Duration) string {
	if d < time.Minute {
		return d.Round(time.Second).String()
	}
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%dm", h, m)
}
