// Package bluesky is the adapter for Bluesky and any other AT Protocol PDS: login with a
// handle and an app password, posts and threads with facets, images and link cards,
// notifications, thread context, direct messages through the chat service, replies, likes
// and metrics.
//
// Every call goes to the account's PDS (https://bsky.social unless the account names
// another); app.bsky.* reads are proxied by the PDS to its AppView and chat.bsky.* calls to
// the chat service named in the atproto-proxy header
// (https://docs.bsky.app/docs/advanced-guides/api-directory).
//
// Options (platforms.bluesky in config.yaml):
//
//	server           PDS of accounts that name none (default https://bsky.social)
//	plc              PLC directory for did:plc documents (default https://plc.directory)
//	dms              sync and send direct messages (default true)
//	chat_service     atproto-proxy target for chat (default did:web:api.bsky.chat#bsky_chat)
//	mark_seen        mark notifications seen on Bluesky after a sync (default true)
//	link_cards       "fetch" (title and description from the page), "plain" or "off"
//	max_image_bytes  largest image uploaded (default 1000000)
//	web              base of post links (default https://bsky.app)
package bluesky

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/httpx"
	"github.com/chorus-social/chorus/platforms/text"
	"github.com/chorus-social/chorus/social"
)

// Name is the platform name the adapter registers under.
const Name social.Platform = "bluesky"

// DefaultServer is the entryway of Bluesky's own PDSes; it answers for every account they
// host and the session's DID document then names the account's own PDS.
const DefaultServer = "https://bsky.social"

func init() {
	platforms.Register(platforms.Registration{
		Name:          Name,
		DisplayName:   "Bluesky",
		DefaultServer: DefaultServer,
		New:           New,
	})
}

// The interfaces the adapter implements; the compiler checks the list. Without DMs (option
// dms: false) New returns the same adapter without DirectMessager (see noDMs).
var (
	_ platforms.Adapter        = (*Adapter)(nil)
	_ platforms.Authenticator  = (*Adapter)(nil)
	_ platforms.InboxReader    = (*Adapter)(nil)
	_ platforms.DirectMessager = (*Adapter)(nil)
	_ platforms.Replier        = (*Adapter)(nil)
	_ platforms.Liker          = (*Adapter)(nil)
	_ platforms.ThreadReader   = (*Adapter)(nil)
	_ platforms.MetricsReader  = (*Adapter)(nil)
	_ platforms.Reconciler     = (*Adapter)(nil)
)

// Limits of app.bsky.feed.post and the Bluesky app, checked before anything is sent.
const (
	// MaxGraphemes and MaxTextBytes bound a post's text (lexicons/app/bsky/feed/post.json:
	// maxGraphemes 300, maxLength 3000, counted in UTF-8 bytes).
	MaxGraphemes = 300
	MaxTextBytes = 3000
	// MaxImages per post (app.bsky.embed.images: images maxLength 4).
	MaxImages = 4
	// DefaultMaxImageBytes is the image size refused before upload. The lexicon once said
	// 1,000,000 and says 2,000,000 since 2025 (maxSize in app.bsky.embed.images#image); the
	// older limit is the default because AppViews and PDSes not yet updated still enforce it.
	// Raise it with the max_image_bytes option.
	DefaultMaxImageBytes = 1_000_000
	// MaxAltText is the Bluesky app's alt-text limit in graphemes (MAX_ALT_TEXT in
	// bluesky-social/social-app src/lib/constants.ts); the lexicon sets none.
	MaxAltText = 2000
	// MaxDMGraphemes and MaxDMBytes bound a direct message (chat.bsky.convo.defs#messageInput).
	MaxDMGraphemes = 1000
	MaxDMBytes     = 10000
)

// Defaults of the options.
const (
	DefaultPLC         = "https://plc.directory"
	DefaultChatService = "did:web:api.bsky.chat#bsky_chat"
	DefaultWeb         = "https://bsky.app"
)

// Adapter speaks to Bluesky for any number of accounts. It is safe for concurrent use;
// sessions are cached per account and refreshed under a per-account lock.
type Adapter struct {
	http *httpx.Client
	// cards fetches link-card pages: short timeout, no retries, since a card is optional.
	cards *httpx.Client
	log   *slog.Logger
	now   func() time.Time
	sec   platforms.Secrets
	opt   options

	mu       sync.Mutex
	sessions map[string]*session    // account id → live session
	locks    map[string]*sync.Mutex // account id → held while logging in or refreshing
	sentDMs  map[string]string      // account, conversation, key, part → message id
	members  map[string]map[string]member
	// txt looks up DNS TXT records; nil means the system resolver (tests replace it).
	txt func(ctx context.Context, name string) ([]string, error)
}

// New builds the adapter from env. Unknown or malformed options are errors, so a typo in
// config.yaml is reported instead of ignored.
func New(env platforms.Env) (platforms.Adapter, error) {
	ad, err := newAdapter(env)
	if err != nil {
		return nil, err
	}
	if !ad.opt.dms {
		return noDMs{ad}, nil
	}
	return ad, nil
}

func newAdapter(env platforms.Env) (*Adapter, error) {
	opt, err := parseOptions(env.Options)
	if err != nil {
		return nil, err
	}
	log := env.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var transport http.RoundTripper
	var timeout time.Duration
	if env.HTTP != nil {
		transport, timeout = env.HTTP.Transport, env.HTTP.Timeout
	}
	now := env.Clock()
	return &Adapter{
		http: httpx.New(httpx.Options{Timeout: timeout, MaxRetries: env.Retries, Transport: transport, Log: log, Now: now}),
		cards: httpx.New(httpx.Options{Timeout: cardTimeout, MaxRetries: -1, Transport: transport, Log: log, Now: now,
			UserAgent: "chorus link preview (+https://github.com/chorus-social/chorus)"}),
		log:      log,
		now:      now,
		sec:      env.Secrets,
		opt:      opt,
		sessions: map[string]*session{},
		locks:    map[string]*sync.Mutex{},
		sentDMs:  map[string]string{},
		members:  map[string]map[string]member{},
	}, nil
}

// Info describes Bluesky.
func (ad *Adapter) Info() platforms.Info {
	return platforms.Info{
		Name:        Name,
		DisplayName: "Bluesky",
		Caps: platforms.Capabilities{
			MaxLength:     MaxGraphemes,
			Count:         text.BlueskyCount,
			MaxImages:     MaxImages,
			MaxImageBytes: ad.opt.maxImage,
			MaxAltText:    MaxAltText,
			Threads:       true,
			// A post's record key comes from its idempotency key, so a second create of
			// the same key collides with the first instead of posting again.
			IdempotentPublish: true,
			// Bluesky reports no views or reach (app.bsky.feed.defs#postView).
			Impressions: false,
			Metrics:     metricNames,
		},
	}
}

// noDMs is the adapter with direct messages switched off (option dms: false): it lacks
// the DirectMessager methods, so Capabilities and the syncer leave DMs alone. Useful with
// a PDS that has no chat service behind it, such as a local test network.
type noDMs struct{ ad *Adapter }

var (
	_ platforms.Adapter       = noDMs{}
	_ platforms.Authenticator = noDMs{}
	_ platforms.InboxReader   = noDMs{}
	_ platforms.Replier       = noDMs{}
	_ platforms.Liker         = noDMs{}
	_ platforms.ThreadReader  = noDMs{}
	_ platforms.MetricsReader = noDMs{}
	_ platforms.Reconciler    = noDMs{}
)
