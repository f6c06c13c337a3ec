package mastodontest

import (
	"net/http"
	"strings"
)

// route dispatches a request to its handler: the endpoints of
// https://docs.joinmastodon.org/methods/ that chorus uses.
func (s *Server) route(c *call) {
	m, p := c.r.Method, strings.TrimSuffix(c.r.URL.Path, "/")
	seg := strings.Split(strings.TrimPrefix(p, "/"), "/")
	switch {
	case m == http.MethodPost && p == "/api/v1/apps":
		s.createApp(c)
	case m == http.MethodGet && p == "/oauth/authorize":
		s.authorize(c)
	case m == http.MethodPost && p == "/oauth/token":
		s.issueToken(c)
	case m == http.MethodPost && p == "/oauth/revoke":
		s.revoke(c)
	case m == http.MethodGet && p == "/api/v2/instance":
		if s.opts.V1Only {
			c.fail(http.StatusNotFound, "Record not found")
			return
		}
		s.instance(c)
	case m == http.MethodGet && p == "/api/v1/instance":
		s.instance(c)
	case m == http.MethodGet && p == "/api/v1/accounts/verify_credentials":
		if a := c.auth("read"); a != nil {
			c.json(http.StatusOK, s.accountJSON(a))
		}
	case m == http.MethodPost && p == "/api/v1/statuses":
		s.postStatus(c)
	case m == http.MethodGet && p == "/api/v1/statuses":
		s.statusBatch(c)
	case m == http.MethodGet && len(seg) == 4 && seg[2] == "statuses":
		s.getStatus(c, seg[3])
	case m == http.MethodGet && len(seg) == 5 && seg[2] == "statuses" && seg[4] == "context":
		s.context(c, seg[3])
	case m == http.MethodPost && len(seg) == 5 && seg[2] == "statuses" && seg[4] == "favourite":
		s.favourite(c, seg[3])
	case m == http.MethodGet && len(seg) == 5 && seg[2] == "accounts" && seg[4] == "statuses":
		s.accountStatuses(c, seg[3])
	case m == http.MethodGet && p == "/api/v1/scheduled_statuses":
		s.scheduledList(c)
	case m == http.MethodGet && len(seg) == 4 && seg[2] == "scheduled_statuses":
		s.getScheduled(c, seg[3])
	case m == http.MethodDelete && len(seg) == 4 && seg[2] == "scheduled_statuses":
		s.deleteScheduled(c, seg[3])
	case m == http.MethodPost && p == "/api/v2/media":
		s.upload(c)
	case m == http.MethodGet && len(seg) == 4 && seg[1] == "v1" && seg[2] == "media":
		s.getMedia(c, seg[3])
	case m == http.MethodGet && p == "/api/v1/notifications":
		s.notifications(c)
	case m == http.MethodGet && p == "/api/v1/conversations":
		s.conversations(c)
	default:
		c.fail(http.StatusNotFound, "Record not found")
	}
}

// instance answers /api/v2/instance (and the v1 form, which carries the same
// configuration since 3.4) with the limits of the options.
func (s *Server) instance(c *call) {
	o := s.opts
	c.json(http.StatusOK, map[string]any{
		"domain":  strings.TrimPrefix(s.URL, "http://"),
		"uri":     strings.TrimPrefix(s.URL, "http://"),
		"title":   "Mastodon test instance",
		"version": "4.5.0",
		"configuration": map[string]any{
			"urls":     map[string]any{"streaming": "ws" + strings.TrimPrefix(s.URL, "http")},
			"accounts": map[string]any{"max_featured_tags": 10, "max_pinned_statuses": 5},
			"statuses": map[string]any{
				"max_characters":              o.MaxCharacters,
				"max_media_attachments":       o.MaxMedia,
				"characters_reserved_per_url": o.URLLength,
			},
			"media_attachments": map[string]any{
				"supported_mime_types":   supportedTypes,
				"description_limit":      o.DescriptionLimit,
				"image_size_limit":       o.ImageSizeLimit,
				"image_matrix_limit":     33177600,
				"video_size_limit":       99 << 20,
				"video_frame_rate_limit": 120,
				"video_matrix_limit":     8294400,
			},
			"polls": map[string]any{"max_options": 4, "max_characters_per_option": 50, "min_expiration": 300, "max_expiration": 2629746},
		},
		"registrations": map[string]any{"enabled": false, "approval_required": false, "message": nil},
	})
}
