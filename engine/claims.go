package engine

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/store"
)

// publishable is what a claimed target carries to its adapter: parts, the parts already
// out, the idempotency key, what it answers, and the post's options.
func publishable(c store.Claim) platforms.Publishable {
	t := c.Target
	return platforms.Publishable{Parts: c.Parts, Sent: t.SentParts, IdemKey: t.IdemKey, ReplyTo: t.ReplyTo,
		Lang: c.Lang, ContentWarning: c.ContentWarning, Visibility: c.Visibility}
}

// resultOf is what the store records of a publish.
func resultOf(p platforms.Published) store.Result {
	return store.Result{RemoteID: p.RemoteID, URL: p.URL, At: p.At, SentParts: p.Parts}
}

// utcNow reads the injected clock, or the system's, in UTC.
func utcNow(now func() time.Time) time.Time {
	if now != nil {
		return now().UTC()
	}
	return time.Now().UTC()
}

// orDiscard returns l, or a logger that writes nowhere.
func orDiscard(l *slog.Logger) *slog.Logger {
	if l != nil {
		return l
	}
	return slog.New(slog.DiscardHandler)
}

// flagLogin marks the account as needing a login when err says the platform refused
// it, and reports whether it did.
func flagLogin(ctx context.Context, db *store.DB, log *slog.Logger, accountID string, err error) bool {
	var auth *platforms.AuthExpiredError
	if !errors.As(err, &auth) {
		return false
	}
	if serr := db.SetNeedsLogin(context.WithoutCancel(ctx), accountID, true, err.Error()); serr != nil {
		log.Error("record needs login", "account", accountID, "err", serr)
	}
	return true
}
