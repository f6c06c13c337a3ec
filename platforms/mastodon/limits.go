package mastodon

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/text"
	"github.com/chorus-social/chorus/social"
)

// Limits are what one instance allows, from its /api/v2/instance configuration
// (https://docs.joinmastodon.org/entities/Instance/#configuration).
type Limits struct {
	MaxCharacters int   // per status, content warning included
	URLLength     int   // what every link costs (characters_reserved_per_url)
	MaxMedia      int   // attachments per status
	MaxAltText    int   // characters of an attachment's description
	ImageBytes    int64 // largest image upload
	VideoBytes    int64 // largest video or audio upload
	// MimeTypes the instance accepts for upload; empty when it did not say.
	MimeTypes []string
}

// DefaultLimits are a stock Mastodon's: 500 characters, links cost 23, 4 attachments,
// 1500 characters of alt text (MediaAttachment::MAX_DESCRIPTION_LENGTH), and the upload
// sizes of the documented 4.0 instance example (10 MB images, 40 MB video). Used until
// the instance says otherwise, or when it cannot be asked.
var DefaultLimits = Limits{
	MaxCharacters: 500,
	URLLength:     text.MastodonURLLength,
	MaxMedia:      4,
	MaxAltText:    1500,
	ImageBytes:    10 << 20,
	VideoBytes:    40 << 20,
}

// Count counts a status as the instance's StatusLengthValidator does: the content
// warning in graphemes plus the text with every URL at URLLength and every
// @user@domain as @user.
func (l Limits) Count(body, contentWarning string) int {
	return counter(l.URLLength)(body) + text.Graphemes(contentWarning)
}

// caps are the Capabilities the limits make.
func (l Limits) caps() platforms.Capabilities {
	return platforms.Capabilities{
		MaxLength:         l.MaxCharacters,
		Count:             counter(l.URLLength),
		MaxImages:         l.MaxMedia,
		MaxImageBytes:     l.ImageBytes,
		MaxAltText:        l.MaxAltText,
		Threads:           true,
		IdempotentPublish: true, // Idempotency-Key, kept for an hour: see FindPublished
		IdempotencyWindow: time.Hour,
		Impressions:       false,
		Metrics:           MetricNames,
	}
}

// How long an instance's limits are trusted before they are asked again; a failed ask
// falls back to the defaults for a shorter while.
const (
	limitsTTL     = 24 * time.Hour
	limitsFailTTL = 10 * time.Minute
)

type cachedLimits struct {
	l       Limits
	expires time.Time
}

// Limits returns the limits of the instance at server (its URL, or "" for the default),
// asking it at most once a day. An instance that does not publish its configuration
// (before 4.0, or a fork) gets DefaultLimits.
func (ad *Adapter) Limits(ctx context.Context, server string) (Limits, error) {
	base, err := normalizeServer(server)
	if err != nil {
		return Limits{}, err
	}
	return ad.limitsFor(ctx, &session{ad: ad, base: base})
}

// Capabilities are Info's capabilities with the instance's real limits: what the
// composer should count against for an account on server.
func (ad *Adapter) Capabilities(ctx context.Context, server string) (platforms.Capabilities, error) {
	l, err := ad.Limits(ctx, server)
	if err != nil {
		return platforms.Capabilities{}, err
	}
	caps := l.caps()
	c := platforms.Fill(ad)
	c.MaxLength, c.Count, c.MaxImages, c.MaxImageBytes, c.MaxAltText =
		caps.MaxLength, caps.Count, caps.MaxImages, caps.MaxImageBytes, caps.MaxAltText
	return c, nil
}

// limitsFor returns the limits of s's instance, cached. Network failures, rate limits and
// cancellation come back as errors (publishing must not guess while the instance is
// down); an instance that lacks the endpoint gets the defaults.
func (ad *Adapter) limitsFor(ctx context.Context, s *session) (Limits, error) {
	now := ad.now()
	ad.mu.Lock()
	c, ok := ad.limits[s.base]
	ad.mu.Unlock()
	if ok && now.Before(c.expires) {
		return c.l, nil
	}
	l, err := fetchLimits(ctx, s)
	ttl := limitsTTL
	switch {
	case err == nil:
	case refusedOrMissing(err):
		l, ttl = DefaultLimits, limitsFailTTL
		if ad.env.Log != nil {
			ad.env.Log.Debug("instance limits unavailable, using defaults", "server", s.base, "err", err)
		}
	default:
		return Limits{}, fmt.Errorf("read the limits of %s: %w", s.base, err)
	}
	ad.mu.Lock()
	ad.limits[s.base] = cachedLimits{l: l, expires: now.Add(ttl)}
	ad.mu.Unlock()
	return l, nil
}

// refusedOrMissing reports errors that mean "this instance will not tell", as opposed
// to "cannot reach it now".
func refusedOrMissing(err error) bool {
	var nf *platforms.NotFoundError
	var rej *platforms.RejectedError
	return errors.As(err, &nf) || errors.As(err, &rej)
}

// fetchLimits asks /api/v2/instance (4.0+), then /api/v1/instance for older servers.
func fetchLimits(ctx context.Context, s *session) (Limits, error) {
	var in instance
	_, err := s.get(ctx, "/api/v2/instance", nil, &in)
	var nf *platforms.NotFoundError
	if errors.As(err, &nf) {
		in = instance{}
		_, err = s.get(ctx, "/api/v1/instance", nil, &in)
	}
	if err != nil {
		return Limits{}, err
	}
	l := DefaultLimits
	st, media := in.Configuration.Statuses, in.Configuration.MediaAttachments
	switch {
	case st.MaxCharacters > 0:
		l.MaxCharacters = st.MaxCharacters
	case in.MaxTootChars > 0:
		l.MaxCharacters = in.MaxTootChars
	}
	if st.CharactersReservedPerURL > 0 {
		l.URLLength = st.CharactersReservedPerURL
	}
	if st.MaxMediaAttachments > 0 {
		l.MaxMedia = st.MaxMediaAttachments
	}
	if media.DescriptionLimit > 0 {
		l.MaxAltText = media.DescriptionLimit
	}
	if media.ImageSizeLimit > 0 {
		l.ImageBytes = media.ImageSizeLimit
	}
	if media.VideoSizeLimit > 0 {
		l.VideoBytes = media.VideoSizeLimit
	}
	l.MimeTypes = media.SupportedMimeTypes
	return l, nil
}

// check refuses, before anything is sent, a post the instance would refuse: a part with
// neither text nor media, text over the limit, too many attachments, alt text too long,
// a file too big or of a type the instance does not take. Checking every part first
// means a thread never goes out half and then stops at a part that was never going to
// pass.
func (l Limits) check(p platforms.Publishable) error {
	n := len(p.Parts)
	for i, part := range p.Parts {
		if i < len(p.Sent) {
			continue
		}
		where := ""
		if n > 1 {
			where = fmt.Sprintf("part %d of %d: ", i+1, n)
		}
		if strings.TrimSpace(part.Text) == "" && len(part.Media) == 0 {
			return &platforms.RejectedError{Reason: where + "nothing to post: the text is empty and there is no media"}
		}
		if got := l.Count(part.Text, p.ContentWarning); got > l.MaxCharacters {
			return fmt.Errorf("%s%w", where, &platforms.TooLongError{Length: got, Limit: l.MaxCharacters})
		}
		if len(part.Media) > l.MaxMedia {
			return &platforms.RejectedError{Reason: fmt.Sprintf("%s%d attachments, this instance takes at most %d", where, len(part.Media), l.MaxMedia)}
		}
		for j, m := range part.Media {
			if err := l.checkMedia(m); err != nil {
				return &platforms.RejectedError{Reason: fmt.Sprintf("%sattachment %d (%s): %v", where, j+1, filepath.Base(m.Path), err)}
			}
		}
	}
	return nil
}

// checkMedia checks one attachment against the limits. Mastodon counts a description's
// length in characters (Ruby String#length: code points).
func (l Limits) checkMedia(m social.Media) error {
	if n := utf8.RuneCountInString(m.Alt); n > l.MaxAltText {
		return fmt.Errorf("alt text is %d characters, this instance allows %d", n, l.MaxAltText)
	}
	fi, err := os.Stat(m.Path)
	if err != nil {
		return fmt.Errorf("cannot read the file: %w", err)
	}
	mt := mediaType(m)
	limit := l.ImageBytes
	if strings.HasPrefix(mt, "video/") || strings.HasPrefix(mt, "audio/") {
		limit = l.VideoBytes
	}
	if limit > 0 && fi.Size() > limit {
		return fmt.Errorf("%d bytes, this instance takes at most %d", fi.Size(), limit)
	}
	if len(l.MimeTypes) > 0 && !slices.Contains(l.MimeTypes, mt) {
		return fmt.Errorf("type %s is not one this instance takes", mt)
	}
	return nil
}

// mediaType is the attachment's MIME type: as recorded, else from its file name, else
// sniffed from its first bytes.
func mediaType(m social.Media) string {
	if m.Mime != "" {
		return m.Mime
	}
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(m.Path))); t != "" {
		t, _, _ = strings.Cut(t, ";")
		return t
	}
	f, err := os.Open(m.Path)
	if err != nil {
		return "application/octet-stream"
	}
	defer f.Close()
	var head [512]byte
	n, _ := f.Read(head[:])
	t, _, _ := strings.Cut(http.DetectContentType(head[:n]), ";")
	return t
}
