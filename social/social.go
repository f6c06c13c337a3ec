// Package social holds the domain types every layer of chorus shares: clients, their
// accounts, posts and the per-account targets that carry them out, inbox items, metrics.
// It has no dependencies, so the store, the engine, the adapters and the TUI all speak it.
package social

import "time"

// Platform names an adapter in the registry ("mastodon", "bluesky", "demo", …).
type Platform string

// Client is one customer of the freelancer; every account, post and inbox item belongs to one.
type Client struct {
	ID   string // short slug chosen by the user: "acme"
	Name string
	// TZ is an IANA zone name; the calendar and queue slots use it.
	TZ    string
	Color string // a hex colour for calendar marks; empty picks one from the ID
	// ApprovalRequired: posts must be approved before they can be scheduled.
	ApprovalRequired bool
	// RequireAlt: scheduling a post with an image without alt text is refused.
	RequireAlt bool
	// ServerScheduling: where a platform can publish at a set time itself, single posts
	// are handed to it ahead of time, so they go out even with chorus closed.
	ServerScheduling bool
	CreatedAt        time.Time
}

// Location returns the client's time zone, UTC if the zone is empty or unknown.
func (c Client) Location() *time.Location {
	if c.TZ == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(c.TZ)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Account is one brand account on one platform, owned by a client. Its secret (token,
// app password) lives in the secrets store under the account ID, never here.
type Account struct {
	ID          string // "acme-bsky"; by default derived from platform and handle
	ClientID    string
	Platform    Platform
	Server      string // instance or PDS URL; empty means the platform default
	Handle      string
	DisplayName string
	RemoteID    string // the platform's id for the account (a DID, a numeric id)
	CreatedAt   time.Time
}

// Status is where a post or one of its targets stands in its life.
type Status string

// The statuses, in the order a post normally passes through them.
const (
	StatusIdea       Status = "idea"
	StatusDraft      Status = "draft"
	StatusReview     Status = "review"
	StatusApproved   Status = "approved"
	StatusScheduled  Status = "scheduled"
	StatusPublishing Status = "publishing"
	StatusPublished  Status = "published"
	StatusFailed     Status = "failed"
	StatusPaused     Status = "paused"
)

// Statuses lists every status in life order.
var Statuses = []Status{StatusIdea, StatusDraft, StatusReview, StatusApproved, StatusScheduled,
	StatusPublishing, StatusPublished, StatusFailed, StatusPaused}

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if v == s {
			return true
		}
	}
	return false
}

// Post is one piece of content written once for a client and sent to one or more accounts
// through its targets. A thread is a post with more than one part.
type Post struct {
	ID         int64
	ClientID   string
	CampaignID int64 // 0: none
	Parts      []Part
	Status     Status // the post's own planning status; each target carries its own too
	Notes      string
	// Options the platforms that know them apply; the others ignore them.
	Lang           string // BCP 47, e.g. "en", "de"
	ContentWarning string // shown before the text (Mastodon spoiler text)
	Visibility     string // "", public, unlisted, private or direct
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Targets        []Target // filled by store reads that join them
}

// Text returns the first part's text, the post's headline.
func (p Post) Text() string {
	if len(p.Parts) == 0 {
		return ""
	}
	return p.Parts[0].Text
}

// Part is one item of a thread (a single post has exactly one).
type Part struct {
	Text  string
	Media []Media
}

// Media is an image or video attached to a part.
type Media struct {
	ID     int64
	Path   string // local file path
	Mime   string
	Alt    string
	Width  int
	Height int
	Size   int64
}

// TargetKind says what a target sends: a post of the client's, or an action taken from the
// inbox. All of them go through the same outbox, so triage works offline and exactly once.
type TargetKind string

// The target kinds.
const (
	KindPost  TargetKind = "post"
	KindReply TargetKind = "reply"
	KindLike  TargetKind = "like"
	KindDM    TargetKind = "dm"
)

// Target is a post on one account: the outbox row the publisher claims and sends.
type Target struct {
	ID        int64
	PostID    int64
	AccountID string
	Kind      TargetKind
	// Variant replaces the post's parts for this account when a platform needs other text.
	Variant []string
	Status  Status
	DueAt   time.Time // UTC; zero while the target is not scheduled
	// IdemKey is made when the target is scheduled and never changes: adapters pass it to the
	// platform (Idempotency-Key header, Bluesky record key) so a retry cannot post twice.
	IdemKey    string
	Attempts   int
	LeaseUntil time.Time
	// ReplyTo is the remote id answered by a reply or liked by a like; for a DM, the
	// conversation's remote id.
	ReplyTo     string
	RemoteID    string
	RemoteURL   string
	LastError   string
	PublishedAt time.Time
	// SentParts are the remote ids of the thread parts already out, in order, so an
	// interrupted thread resumes at the first part that did not go out.
	SentParts []string
	// ServerRef names the post scheduled on the platform (server-side scheduling); while
	// set, the platform publishes it and chorus only checks on it.
	ServerRef string
}

// InboxKind is what an inbox item is.
type InboxKind string

// The inbox kinds.
const (
	InboxMention InboxKind = "mention"
	InboxReply   InboxKind = "reply"
	InboxComment InboxKind = "comment"
	InboxQuote   InboxKind = "quote"
	InboxDM      InboxKind = "dm"
	InboxLike    InboxKind = "like"
	InboxRepost  InboxKind = "repost"
	InboxFollow  InboxKind = "follow"
)

// InboxItem is one incoming thing on one account: a mention, reply, comment, quote, DM,
// or a lighter notification (like, repost, follow).
type InboxItem struct {
	ID             int64 // local id; grows with CreatedAt so keyset pages come in time order
	AccountID      string
	ClientID       string // filled on reads, from the account
	Platform       Platform
	RemoteID       string
	Kind           InboxKind
	AuthorID       string
	AuthorHandle   string
	AuthorName     string
	Text           string
	URL            string
	ParentRemoteID string // the post this one answers, if any
	ConversationID string // remote id of the DM conversation or thread root
	CreatedAt      time.Time

	// Local triage state: a sync never overwrites it.
	Read         bool
	Done         bool
	SnoozedUntil time.Time
	Labels       []string

	// Like and Reply are what was sent from chorus in answer to the item (the newest of
	// each), read from the outbox; zero when none.
	Like, Reply Action
}

// Action is a like or reply sent through the outbox in answer to an inbox item.
type Action struct {
	TargetID int64
	Status   Status // scheduled (queued), publishing, published, failed
	Error    string
}

// Conversation is a DM conversation or thread on one account.
type Conversation struct {
	ID           int64
	AccountID    string
	RemoteID     string
	Title        string
	Participants []string
	LastAt       time.Time
}

// Contact is a person the client's accounts hear from; the inbox shows their history.
type Contact struct {
	ID        int64
	Platform  Platform
	RemoteID  string
	Handle    string
	Name      string
	Notes     string
	FirstSeen time.Time
	LastSeen  time.Time
}

// Label tags inbox items of one client.
type Label struct {
	ID       int64
	ClientID string
	Name     string
	Color    string
}

// SavedReply is a canned answer of one client, with variables such as {{author}}.
type SavedReply struct {
	ID       int64
	ClientID string
	Name     string
	Body     string
}

// Campaign groups posts of one client for planning and reports.
type Campaign struct {
	ID       int64
	ClientID string
	Name     string
	Color    string
	StartsAt time.Time
	EndsAt   time.Time
}

// The metric names adapters report. Not every platform has every one; Capabilities say which.
const (
	MetricFollowers   = "followers"
	MetricFollowing   = "following"
	MetricPosts       = "posts"
	MetricImpressions = "impressions"
	MetricReach       = "reach"
	MetricLikes       = "likes"
	MetricReposts     = "reposts"
	MetricReplies     = "replies"
	MetricQuotes      = "quotes"
	MetricClicks      = "clicks"
)

// MetricPoint is one snapshot of one number: an account's (PostRemoteID empty) or a post's.
// Snapshots are appended, so history exists even where a platform only returns current counts.
type MetricPoint struct {
	AccountID    string
	PostRemoteID string
	Name         string
	Value        int64
	At           time.Time
}

// SyncCursor is where the last sync of one account's stream stopped, and when the next one
// may run (rate limits push it out).
type SyncCursor struct {
	AccountID string
	Stream    string // "inbox", "dms", "metrics"
	Cursor    string
	NextAt    time.Time
	LastOK    time.Time
	LastError string
}
