package mastodon

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// maxProbeParts bounds how many thread parts FindPublished looks for.
const maxProbeParts = 25

// FindPublished asks the instance whether a post was published with key, and returns it
// with the ids of the thread parts that went out.
//
// Mastodon shows an Idempotency-Key nowhere in a status, so scanning the account's
// statuses cannot match one. But PostStatusService looks the key up before it validates
// anything: a POST /api/v1/statuses carrying a known key returns the status made with it,
// whatever the body says. FindPublished sends exactly such a POST with a body that can
// never make a status (no text, and an attachment id that does not exist): for a known
// key the instance answers with the earlier status; for an unknown one it refuses the
// body with 422 and creates nothing. Each further part is looked for under key-N, as
// Publish sends it, until one is not found.
//
// Limits: Mastodon keeps keys for one hour, so a post older than that is not found
// (found is false, err nil), and since is not needed to find a post by its key: a post
// found by key is returned even if it is older than since. Servers that only imitate
// the API may not keep keys at all, and then never find anything.
func (ad *Adapter) FindPublished(ctx context.Context, a social.Account, key string, since time.Time) (platforms.Published, bool, error) {
	s, err := ad.session(ctx, a)
	if err != nil {
		return platforms.Published{}, false, err
	}
	if key == "" {
		return platforms.Published{}, false, nil
	}
	var out platforms.Published
	for i := range maxProbeParts {
		st, err := probe(ctx, s, partKey(key, i))
		if err != nil {
			return platforms.Published{}, false, err
		}
		if st == nil {
			break
		}
		if i == 0 {
			out.RemoteID, out.URL, out.At = st.ID, st.link(), st.CreatedAt.UTC()
		}
		out.Parts = append(out.Parts, st.ID)
	}
	return out, out.RemoteID != "", nil
}

// probe returns the status made with key, or nil when the instance knows no such key.
func probe(ctx context.Context, s *session, key string) (*status, error) {
	invalid := struct {
		Status   string   `json:"status"`
		MediaIDs []string `json:"media_ids"`
	}{Status: "", MediaIDs: []string{"0"}}
	var st status
	resp, err := s.postJSON(ctx, "/api/v1/statuses", invalid, key, &st)
	var rej *platforms.RejectedError
	switch {
	case errors.As(err, &rej) && (rej.Status == http.StatusUnprocessableEntity || rej.Status == http.StatusBadRequest):
		return nil, nil
	case err != nil:
		return nil, err
	case resp.Status != http.StatusOK || st.ID == "":
		return nil, nil
	}
	return &st, nil
}
