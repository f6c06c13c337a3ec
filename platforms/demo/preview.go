package demo

import (
	"context"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// request is what the demo network would receive for one part: the shape a real
// adapter's Preview returns, so `chorus post --dry-run --json` shows it end to end.
type request struct {
	Part           int      `json:"part"` // 1-based; each part after the first answers the one before
	Text           string   `json:"text"`
	Media          []string `json:"media,omitempty"`
	Alt            []string `json:"alt,omitempty"`
	IdempotencyKey string   `json:"idempotency_key"`
}

// Preview returns the request of each part, after checking the network's rules.
func (a *Adapter) Preview(ctx context.Context, acct social.Account, p platforms.Publishable) ([]any, error) {
	if err := a.network().validate(p); err != nil {
		return nil, err
	}
	var out []any
	for i, part := range p.Parts {
		r := request{Part: i + 1, Text: part.Text, IdempotencyKey: p.IdemKey}
		for _, m := range part.Media {
			r.Media, r.Alt = append(r.Media, m.Path), append(r.Alt, m.Alt)
		}
		out = append(out, r)
	}
	return out, nil
}

var _ platforms.Previewer = (*Adapter)(nil)
