// Package platforms is the adapter contract: the one small interface every platform
// implements, the optional interfaces for what a platform can do, Capabilities for the UI,
// typed errors, and the registry adapters add themselves to (as database/sql drivers do).
//
// Adapters are drivers: they speak one platform's API and nothing else. They never touch
// the store; the engine moves data between adapters and the store.
package platforms

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/chorus-social/chorus/social"
)

// Adapter is what every platform implements.
type Adapter interface {
	Info() Info
	// Publish sends p from account a. It must honour p.IdemKey: publishing the same key
	// twice must not create a second post where the platform allows preventing it.
	// For a thread it sends p.Parts after p.Sent and returns every part's id, Sent first.
	// If it fails part-way through a thread, it returns the error together with a
	// Published whose Parts hold every part that did go out, so the publisher can record
	// them and a retry resumes instead of re-sending.
	Publish(ctx context.Context, a social.Account, p Publishable) (Published, error)
}

// Info describes an adapter.
type Info struct {
	Name        social.Platform
	DisplayName string
	Caps        Capabilities
}

// Capabilities say what the platform allows, so the composer counts right and the UI only
// offers what works. Features are filled from the optional interfaces by Fill.
type Capabilities struct {
	MaxLength     int
	Count         func(string) int // the platform's own counting rule
	MaxImages     int              // per part
	MaxImageBytes int64
	MaxAltText    int
	Threads       bool
	// IdempotentPublish: the platform itself rejects a second create with the same key
	// (Mastodon Idempotency-Key, Bluesky record key). Without it, Reconciler is needed.
	IdempotentPublish bool
	// IdempotencyWindow is how long the platform remembers a key (Mastodon: one hour);
	// 0 means for ever. Past it, a retry could post twice.
	IdempotencyWindow time.Duration
	// Impressions: the platform reports impressions/reach; Mastodon, for one, does not.
	Impressions bool
	Metrics     []string // metric names the platform reports

	// Filled by Fill from the optional interfaces.
	Inbox, Replies, Likes, DMs, MetricsRead, Reconcile, ThreadRead, Login, ServerSchedule bool
}

// Fill sets the feature flags from the interfaces a implements.
func Fill(a Adapter) Capabilities {
	c := a.Info().Caps
	_, c.Inbox = a.(InboxReader)
	_, c.Replies = a.(Replier)
	_, c.Likes = a.(Liker)
	_, c.DMs = a.(DirectMessager)
	_, c.MetricsRead = a.(MetricsReader)
	_, c.Reconcile = a.(Reconciler)
	_, c.ThreadRead = a.(ThreadReader)
	_, c.Login = a.(Authenticator)
	_, c.ServerSchedule = a.(ServerScheduler)
	return c
}

// Publishable is what a post (or a reply, or a DM) carries to the adapter.
type Publishable struct {
	Parts []social.Part
	// Sent holds the remote ids of parts already published by an earlier, interrupted
	// attempt; the adapter continues after the last of them.
	Sent []string
	// ReplyTo is the remote id answered (replies); empty for new posts.
	ReplyTo string
	// IdemKey is stable for the life of the target; see Adapter.Publish.
	IdemKey        string
	Lang           string
	ContentWarning string
	Visibility     string
}

// Published is what the platform answered.
type Published struct {
	RemoteID string // the first part's id: the post's
	URL      string
	At       time.Time
	Parts    []string // every part's remote id, in order
}

// InboxPage is one page of incoming items. Cursor is what to pass next time to get only
// newer items; More says another page is ready right now.
type InboxPage struct {
	Items  []social.InboxItem
	Cursor string
	More   bool
	// Quota is the platform's rate-limit window as the page's last answer reported it;
	// nil when the platform did not say. The engine stops paging before it is used up.
	Quota *Quota
}

// Quota is what a platform reports of its rate-limit window (X-RateLimit-* headers and
// the like), so the engine can leave requests over for publishing.
type Quota struct {
	Limit     int       // requests allowed in the window; 0 when not reported
	Remaining int       // requests left in the window
	Reset     time.Time // when the window starts afresh; zero when not reported
}

// InboxReader fetches mentions, replies, comments, quotes and lighter notifications newer
// than cursor ("" means the most recent page).
type InboxReader interface {
	FetchInbox(ctx context.Context, a social.Account, cursor string) (InboxPage, error)
}

// DirectMessager reads and sends direct messages.
type DirectMessager interface {
	FetchDMs(ctx context.Context, a social.Account, cursor string) (InboxPage, error)
	SendDM(ctx context.Context, a social.Account, conversation string, p Publishable) (Published, error)
}

// Replier answers a post; p.IdemKey applies as for Publish.
type Replier interface {
	Reply(ctx context.Context, a social.Account, to string, p Publishable) (Published, error)
}

// Liker likes (favourites) a post. Liking twice is not an error.
type Liker interface {
	Like(ctx context.Context, a social.Account, remoteID string) error
}

// ThreadReader fetches the conversation around a post: its ancestors and replies.
type ThreadReader interface {
	Thread(ctx context.Context, a social.Account, remoteID string) ([]social.InboxItem, error)
}

// MetricsReader reports current numbers; the engine stores them as snapshots.
type MetricsReader interface {
	AccountMetrics(ctx context.Context, a social.Account) ([]social.MetricPoint, error)
	PostMetrics(ctx context.Context, a social.Account, remoteIDs []string) ([]social.MetricPoint, error)
}

// Reconciler looks on the platform for a post published with key since the given time,
// for platforms without idempotent creation: before a target whose lease ran out is
// retried, the publisher asks whether it already went out.
type Reconciler interface {
	FindPublished(ctx context.Context, a social.Account, key string, since time.Time) (Published, bool, error)
}

// ServerScheduler lets the platform itself publish a post at a set time, so it goes out
// with chorus closed (Mastodon's scheduled_at). Single posts only: a thread's later parts
// must answer parts that do not exist yet.
type ServerScheduler interface {
	// ScheduleOnServer hands p (one part) to the platform to publish at `at` and returns a
	// reference to the scheduled post. p.IdemKey applies: handing the same key over twice
	// returns the same reference.
	ScheduleOnServer(ctx context.Context, a social.Account, p Publishable, at time.Time) (ref string, err error)
	// ScheduledState says what became of it: still waiting (done false), published (done
	// true, with what it became), or gone from the platform without being published
	// (a *NotFoundError: cancelled or dropped there).
	ScheduledState(ctx context.Context, a social.Account, ref string, p Publishable, at time.Time) (pub Published, done bool, err error)
	// CancelScheduled withdraws it; one already gone is not an error.
	CancelScheduled(ctx context.Context, a social.Account, ref string) error
	// MinLead is how far ahead of now the platform accepts a time (Mastodon: 5 minutes).
	MinLead() time.Duration
}

// Previewer shows what Publish would send without sending it: the request body of each
// part (the Bluesky record with its facets, the Mastodon status form), for
// `chorus post --dry-run --json`. It makes no write calls; it may read (resolve handles).
type Previewer interface {
	Preview(ctx context.Context, a social.Account, p Publishable) ([]any, error)
}

// LoginUI is how an adapter's login flow talks to the person (terminal or TUI).
type LoginUI interface {
	// Prompt asks for a value; secret hides the input.
	Prompt(ctx context.Context, label string, secret bool) (string, error)
	// Show tells the person something (an authorize URL to open, say).
	Show(msg string)
}

// Authenticator runs a platform's login and keeps credentials fresh. Login stores the
// credential in Env.Secrets under a.ID and may fill a.RemoteID and a.DisplayName.
type Authenticator interface {
	Login(ctx context.Context, a *social.Account, ui LoginUI) error
	// Verify checks the stored credential still works, refreshing it if the platform allows.
	Verify(ctx context.Context, a *social.Account) error
}

// Secrets is what adapters need of the secrets store: get and put one secret per account.
type Secrets interface {
	Get(accountID string) (string, error)
	Set(accountID, secret string) error
}

// Env is what the registry hands an adapter factory.
type Env struct {
	// HTTP carries the transport and per-request timeout; adapters wrap it in an
	// httpx.Client (retries, rate limits, redaction). Tests point it at local servers.
	HTTP    *http.Client
	Retries int // how often httpx retries a request that is safe to retry
	Secrets Secrets
	Log     *slog.Logger
	Now     func() time.Time
	// Options is the adapter's own config sub-tree (platforms.<name> in config.yaml).
	Options map[string]any
}

// Clock returns e.Now or time.Now.
func (e Env) Clock() func() time.Time {
	if e.Now != nil {
		return e.Now
	}
	return time.Now
}
