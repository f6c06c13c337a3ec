package bluesky

import (
	"context"
	"path/filepath"
	"strconv"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// unresolved stands in for a mentioned handle's DID when there is no account to ask
// with (a dry run against the platform alone): the facet still shows where it goes.
func unresolved(_ context.Context, handle string) (string, error) {
	return "(DID of " + handle + ", resolved when published)", nil
}

// Preview returns the createRecord request of each part as Publish would send it: the
// record with its facets (UTF-8 byte offsets), langs and labels, and the record key
// derived from the idempotency key. Images are described rather than uploaded, and link
// cards are named rather than fetched: a preview writes nothing and fetches no pages.
func (ad *Adapter) Preview(ctx context.Context, acct social.Account, p platforms.Publishable) ([]any, error) {
	if err := ad.validate(p); err != nil {
		return nil, err
	}
	resolve := resolver(unresolved)
	if acct.ID != "" {
		resolve = ad.mentionResolver(acct)
	}
	repo := acct.RemoteID
	if repo == "" {
		repo = acct.Handle
	}
	labels, _ := contentWarning(p.ContentWarning) // validated
	lg, _ := langs(p.Lang)
	var out []any
	for i, part := range p.Parts {
		facets, err := buildFacets(ctx, part.Text, resolve)
		if err != nil {
			return nil, err
		}
		rec := postRecord{Type: collPost, Text: part.Text, CreatedAt: ad.now().UTC().Format(timeFormat),
			Facets: facets, Langs: lg, Labels: labels}
		req := map[string]any{"repo": repo, "collection": collPost, "rkey": postRKey(p.IdemKey, i), "record": rec}
		if i > 0 {
			req["reply"] = "root: part 1, parent: part " + strconv.Itoa(i)
		}
		switch link := firstLink(facets); {
		case len(part.Media) > 0:
			var imgs []map[string]any
			for _, m := range part.Media {
				imgs = append(imgs, map[string]any{"file": filepath.Base(m.Path), "alt": m.Alt,
					"aspectRatio": map[string]int{"width": m.Width, "height": m.Height}, "size": m.Size})
			}
			req["images"] = imgs
		case link != "" && ad.opt.linkCards != "off":
			req["linkCard"] = link
		}
		out = append(out, req)
	}
	return out, nil
}

var _ platforms.Previewer = (*Adapter)(nil)
