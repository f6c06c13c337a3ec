package engine

import (
	"context"
	"fmt"
	"testing"

	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
	"github.com/chorus-social/chorus/social"
)

// verify checks every post against the instance: each part's text there exactly once
// (whatever became of the target, nothing is ever posted twice), published ones chained
// in order with their attachments, and the target as check says.
func (h *crashHarness) verify(t *testing.T, check func(*testing.T, crashPost, social.Target, []mastodontest.Status)) {
	byText := map[string][]mastodontest.Status{}
	for _, st := range h.r.srv.Statuses() {
		byText[st.Text] = append(byText[st.Text], st)
	}
	media := 0
	for _, p := range h.posts {
		tg, err := h.r.db.Target(context.Background(), p.target)
		if err != nil {
			t.Fatal(err)
		}
		var found []mastodontest.Status
		for _, text := range p.texts {
			sts := byText[text]
			if len(sts) > 1 {
				t.Errorf("%q is on the instance %d times", text, len(sts))
			}
			if len(sts) == 1 {
				found = append(found, sts[0])
			}
		}
		check(t, p, tg, found)
		for _, st := range found {
			media += len(st.MediaDescriptions)
		}
		if tg.Status != social.StatusPublished {
			continue
		}
		if len(found) != len(p.texts) {
			t.Errorf("%s: published, but %d of its %d parts are on the instance", p.texts[0], len(found), len(p.texts))
			continue
		}
		for k, st := range found {
			want := ""
			if k > 0 {
				want = found[k-1].ID
			}
			if st.InReplyToID != want {
				t.Errorf("%s: answers %q, want %q", p.texts[k], st.InReplyToID, want)
			}
			if fmt.Sprint(st.MediaDescriptions) != fmt.Sprint(p.alts[k]) {
				t.Errorf("%s: attachments %q, want %q", p.texts[k], st.MediaDescriptions, p.alts[k])
			}
		}
		if tg.RemoteID != found[0].ID {
			t.Errorf("%s: target records %q, the instance has %q", p.texts[0], tg.RemoteID, found[0].ID)
		}
		if len(p.texts) > 1 && len(tg.SentParts) != len(p.texts) {
			t.Errorf("%s: target records parts %v", p.texts[0], tg.SentParts)
		}
	}
	uploaded, attached := h.r.srv.MediaCount()
	if attached != media {
		t.Errorf("%d uploads attached, %d attachments on the posts", attached, media)
	}
	t.Logf("%d statuses, %d uploads (%d left unattached by lost answers)", len(h.r.srv.Statuses()), uploaded, uploaded-attached)
}
