package mastodon

import (
	"net/http"
	"net/url"
	"strings"
)

// parseLink reads an RFC 8288 Link header into rel → URL. Mastodon pages its lists with
// rel="next" (older) and rel="prev" (newer) links
// (https://docs.joinmastodon.org/api/guidelines/#pagination). Values that do not parse
// are skipped; the first link of each rel wins.
func parseLink(h http.Header) map[string]string {
	out := map[string]string{}
	for _, v := range h.Values("Link") {
		for v != "" {
			start := strings.IndexByte(v, '<')
			if start < 0 {
				break
			}
			end := strings.IndexByte(v[start:], '>')
			if end < 0 {
				break
			}
			target := v[start+1 : start+end]
			v = v[start+end+1:]
			// The parameters run to the next comma that starts another link.
			params := v
			if next := strings.IndexByte(v, '<'); next >= 0 {
				params, v = v[:next], v[next:]
			} else {
				v = ""
			}
			for _, p := range strings.Split(params, ";") {
				name, val, ok := strings.Cut(strings.TrimSpace(p), "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(name), "rel") {
					continue
				}
				val = strings.Trim(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(val), ",")), `"`)
				for _, rel := range strings.Fields(strings.ToLower(val)) {
					if _, dup := out[rel]; !dup {
						out[rel] = target
					}
				}
			}
		}
	}
	return out
}

// linkParam returns query parameter name of the link with rel, or "".
func linkParam(h http.Header, rel, name string) string {
	target, ok := parseLink(h)[rel]
	if !ok {
		return ""
	}
	u, err := url.Parse(target)
	if err != nil {
		return ""
	}
	return u.Query().Get(name)
}

// idLess orders Mastodon ids. They are opaque strings (never parse them as numbers), but
// every id type the API pages by grows with time, and a newer id is never shorter
// (https://docs.joinmastodon.org/api/guidelines/#id).
func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// newerCursor is where the next look for newer items starts: the min_id of the
// rel="prev" link when the server sent one, else the newest of ids, else the old cursor.
func newerCursor(h http.Header, ids []string, old string) string {
	if v := linkParam(h, "prev", "min_id"); v != "" {
		return v
	}
	if v := linkParam(h, "prev", "since_id"); v != "" {
		return v
	}
	best := old
	for _, id := range ids {
		if best == "" || idLess(best, id) {
			best = id
		}
	}
	return best
}
