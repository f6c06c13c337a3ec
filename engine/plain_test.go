package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/mastodon"
	"github.com/chorus-social/chorus/social"
)

// The test platforms without idempotent creation.
const (
	plainName   social.Platform = "plain"
	findingName social.Platform = "finding"
)

// plain is a platform without idempotent creation: the Mastodon adapter with its
// Idempotency-Key left off, so every create makes a new post, and nothing to find an
// earlier one with. (It wraps rather than embeds, so it has none of the adapter's other
// interfaces.)
type plain struct{ ad *mastodon.Adapter }

func (p plain) Info() platforms.Info {
	i := p.ad.Info()
	i.Name, i.DisplayName = plainName, "Plain"
	i.Caps.IdempotentPublish, i.Caps.IdempotencyWindow = false, 0
	return i
}

func (p plain) Publish(ctx context.Context, a social.Account, pub platforms.Publishable) (platforms.Published, error) {
	pub.IdemKey = ""
	return p.ad.Publish(ctx, a, pub)
}

// finding is plain with a Reconciler, as on platforms whose posts can be found again by
// what the client put in them: every part's text carries refMark(key, i).
type finding struct {
	plain
	token string
}

func (f finding) Info() platforms.Info {
	i := f.plain.Info()
	i.Name, i.DisplayName = findingName, "Finding"
	return i
}

// refMark is the reference part i of the target with key carries on the finding platform.
func refMark(key string, i int) string { return fmt.Sprintf("ref:%s.%d", key, i) }

// FindPublished lists the account's statuses, newest first, and returns the parts found
// by their marks, in order, up to the first missing one.
func (f finding) FindPublished(ctx context.Context, a social.Account, key string, since time.Time) (platforms.Published, bool, error) {
	byMark := map[string]string{}
	maxID := ""
	for {
		q := url.Values{"limit": {"40"}}
		if maxID != "" {
			q.Set("max_id", maxID)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet,
			a.Server+"/api/v1/accounts/"+a.RemoteID+"/statuses?"+q.Encode(), nil)
		if err != nil {
			return platforms.Published{}, false, err
		}
		req.Header.Set("Authorization", "Bearer "+f.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return platforms.Published{}, false, &platforms.TransientError{Err: err}
		}
		var page []struct{ ID, Content string }
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			return platforms.Published{}, false, &platforms.TransientError{Status: resp.StatusCode, Err: fmt.Errorf("list statuses: %v", err)}
		}
		if len(page) == 0 {
			break
		}
		for _, st := range page {
			if i := strings.Index(st.Content, "ref:"+key+"."); i >= 0 {
				mark, _, _ := strings.Cut(st.Content[i:], " ")
				byMark[strings.TrimSuffix(mark, "</p>")] = st.ID
			}
		}
		maxID = page[len(page)-1].ID
	}
	var out platforms.Published
	for i := 0; ; i++ {
		id, ok := byMark[refMark(key, i)]
		if !ok {
			break
		}
		out.Parts = append(out.Parts, id)
	}
	if len(out.Parts) == 0 {
		return platforms.Published{}, false, nil
	}
	out.RemoteID = out.Parts[0]
	return out, true, nil
}

var (
	_ platforms.Adapter    = plain{}
	_ platforms.Reconciler = finding{}
)
