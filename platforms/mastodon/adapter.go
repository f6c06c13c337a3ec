// Package mastodon is the adapter for Mastodon and the servers that speak its REST API
// (https://docs.joinmastodon.org/methods/). One Adapter serves every instance: each
// account names its instance in social.Account.Server, and the adapter reads that
// instance's own limits (/api/v2/instance) before it counts or publishes.
//
// Login registers an OAuth app on the instance and runs the authorization-code flow with
// PKCE, receiving the code on a loopback redirect or as a pasted out-of-band code; a
// personal access token stored as the account's secret works as well (see auth.go).
//
// ScheduleOnServer hands a single post to the instance to publish at a set time
// (scheduled_at), so it goes out with chorus closed; see schedule.go for what Mastodon
// does with it and how ScheduledState finds the post it became.
//
// Configure it under platforms.mastodon: "login_timeout" (how long login waits for the
// browser, default 5m) and "media_timeout" (how long publishing waits for an upload the
// server is still processing, default 2m). Both take a Go duration ("90s") or seconds.
package mastodon

import (
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/httpx"
	"github.com/chorus-social/chorus/platforms/text"
	"github.com/chorus-social/chorus/social"
)

// Name is the platform name the adapter registers under.
const Name social.Platform = "mastodon"

// DefaultServer is the instance used when an account names none.
const DefaultServer = "https://mastodon.social"

func init() {
	platforms.Register(platforms.Registration{
		Name:          Name,
		DisplayName:   "Mastodon",
		DefaultServer: DefaultServer,
		New:           func(env platforms.Env) (platforms.Adapter, error) { return New(env) },
	})
}

// The interfaces the adapter implements; the compiler checks the list.
var (
	_ platforms.Adapter         = (*Adapter)(nil)
	_ platforms.Authenticator   = (*Adapter)(nil)
	_ platforms.InboxReader     = (*Adapter)(nil)
	_ platforms.DirectMessager  = (*Adapter)(nil)
	_ platforms.Replier         = (*Adapter)(nil)
	_ platforms.Liker           = (*Adapter)(nil)
	_ platforms.ThreadReader    = (*Adapter)(nil)
	_ platforms.MetricsReader   = (*Adapter)(nil)
	_ platforms.Reconciler      = (*Adapter)(nil)
	_ platforms.ServerScheduler = (*Adapter)(nil)
)

// Defaults for the options.
const (
	DefaultLoginTimeout = 5 * time.Minute
	DefaultMediaTimeout = 2 * time.Minute
)

// Adapter speaks the Mastodon API for any number of accounts on any number of instances.
// It is safe for concurrent use.
type Adapter struct {
	http    *httpx.Client
	secrets platforms.Secrets
	env     platforms.Env
	now     func() time.Time

	loginTimeout time.Duration
	mediaTimeout time.Duration
	// mediaPoll is the first wait between two checks of a processing upload; it doubles
	// up to mediaPollMax. Tests shorten it.
	mediaPoll, mediaPollMax time.Duration

	mu     sync.Mutex
	limits map[string]cachedLimits // by instance base URL
	selves map[string]string       // account ID → the account's remote id, learnt lazily
}

// New builds the adapter from env: env.HTTP's transport and timeout, env.Retries,
// env.Secrets for tokens, and the options described in the package documentation.
func New(env platforms.Env) (*Adapter, error) {
	loginTimeout, err := durationOption(env.Options, "login_timeout", DefaultLoginTimeout)
	if err != nil {
		return nil, err
	}
	mediaTimeout, err := durationOption(env.Options, "media_timeout", DefaultMediaTimeout)
	if err != nil {
		return nil, err
	}
	opts := httpx.Options{MaxRetries: env.Retries, Log: env.Log, Now: env.Now}
	if env.HTTP != nil {
		opts.Transport = env.HTTP.Transport
		opts.Timeout = env.HTTP.Timeout
	}
	return &Adapter{
		http:         httpx.New(opts),
		secrets:      env.Secrets,
		env:          env,
		now:          env.Clock(),
		loginTimeout: loginTimeout,
		mediaTimeout: mediaTimeout,
		mediaPoll:    500 * time.Millisecond,
		mediaPollMax: 5 * time.Second,
		limits:       map[string]cachedLimits{},
		selves:       map[string]string{},
	}, nil
}

// MetricNames are the metrics the adapter reports. Mastodon counts no impressions or
// reach: https://docs.joinmastodon.org/entities/Status/ has only replies_count,
// reblogs_count, favourites_count (and quotes_count since 4.5).
var MetricNames = []string{
	social.MetricFollowers, social.MetricFollowing, social.MetricPosts,
	social.MetricReplies, social.MetricReposts, social.MetricLikes, social.MetricQuotes,
}

// Info describes Mastodon with the defaults of a stock instance. A given instance may
// allow more (forks raise the character limit); Limits and Capabilities tell per server.
func (ad *Adapter) Info() platforms.Info {
	return platforms.Info{Name: Name, DisplayName: "Mastodon", Caps: DefaultLimits.caps()}
}

// durationOption reads a duration from the adapter's config: a Go duration string, or a
// number of seconds (YAML gives ints or floats).
func durationOption(opts map[string]any, key string, def time.Duration) (time.Duration, error) {
	v, ok := opts[key]
	if !ok || v == nil {
		return def, nil
	}
	var d time.Duration
	switch x := v.(type) {
	case time.Duration:
		d = x
	case int:
		d = time.Duration(x) * time.Second
	case int64:
		d = time.Duration(x) * time.Second
	case float64:
		d = time.Duration(x * float64(time.Second))
	case string:
		var err error
		if d, err = time.ParseDuration(x); err != nil {
			secs, serr := strconv.ParseFloat(x, 64)
			if serr != nil {
				return 0, fmt.Errorf("platforms.mastodon.%s: %q is not a duration (try \"90s\")", key, x)
			}
			d = time.Duration(secs * float64(time.Second))
		}
	default:
		return 0, fmt.Errorf("platforms.mastodon.%s: %v is not a duration (try \"90s\")", key, v)
	}
	if d <= 0 {
		return 0, fmt.Errorf("platforms.mastodon.%s: %v must be positive", key, v)
	}
	return d, nil
}

// counter is the composer's counting rule for an instance whose URLs cost urlLength.
func counter(urlLength int) func(string) int {
	if urlLength == text.MastodonURLLength {
		return text.MastodonCount
	}
	return text.MastodonCounter(urlLength)
}
