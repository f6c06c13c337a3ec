package seed

import (
	"context"
	"fmt"

	"github.com/chorus-social/chorus/social"
)

// reply is a saved reply before it has a client.
type reply struct{ name, body string }

// fixedReplies answer what the demo generator has each fixed client's customers say (see
// platforms/demo/vocab.go), in the client's own voice, so ctrl+r in the demo inbox has
// something that fits the item under the cursor.
var fixedReplies = map[string][]reply{
	"acme": {
		{"thanks", "Thanks for the love, {{author}}! See you out on the trail. — the {{client}} crew"},
		{"warranty", "Sorry to hear that, {{author}}. Everything we make is covered for life: DM us your order number and a photo and we'll repair or replace it."},
		{"shipping", "Hi {{author}}, orders ship within 2 business days. DM us your order number and we'll track yours down."},
		{"sizing", "Good question, {{author}}! Every product page has a size guide; between sizes, go one up for layering. Happy to help in DMs."},
		{"event", "Hope to see you there, {{author}}! Bring a friend, {{client}} brings the coffee and trail mix."},
	},
	"bloom": {
		{"thanks", "Thank you, {{author}}! That made our bakers' morning. 🥐 — your {{client}}"},
		{"sold-out", "So sorry, {{author}}! Croissants go fast on Saturdays. Pre-order by 6pm the day before and we'll keep yours aside."},
		{"allergens", "Hi {{author}}, allergens are on the card by each tray, and Thursday is our gluten-free bake. Ask us anything here!"},
		{"make-it-right", "Oh no, {{author}}, that's not how {{client}} wants it to be. Send us a message and your next order is on us."},
	},
	// A fintech's compliance team wants account matters out of public threads.
	"nova": {
		{"thanks", "Thanks, {{author}}! Glad {{client}} makes your money a bit simpler."},
		{"account-issue", "Sorry for the trouble, {{author}}. Please don't post account details here: chat with us in the app (Help → Chat) and we'll look into it today."},
		{"security", "Good catch, {{author}}: {{client}} never asks for your PIN, password or a code by message. Please report it in the app (Help → Report)."},
		{"fees", "Hi {{author}}, every fee is listed in the app under Settings → Plan. If a charge looks wrong, chat with us there and we'll check it."},
		{"abroad", "Sorry, {{author}}! Cards abroad work best with travel mode on (Card → Travel). Still declined? Chat with us in the app."},
	},
}

// genericReplies suit any business, for the generated clients.
var genericReplies = []reply{
	{"thanks", "Thanks so much, {{author}}! It means a lot to everyone at {{client}}."},
	{"sorry", "Sorry about that, {{author}}. DM us the details and {{client}} will sort it out."},
	{"dm", "Hi {{author}}, could you send us a DM? We'd like to look into this properly."},
}

// seedReplies gives every client its saved replies. PutSavedReply replaces by name, so
// this is safe to run again on a seeded database.
func (r *run) seedReplies(ctx context.Context) (int, error) {
	n := 0
	for _, c := range r.clients {
		rs, ok := fixedReplies[c.client.ID]
		if !ok {
			rs = genericReplies
		}
		for _, x := range rs {
			if _, err := r.db.PutSavedReply(ctx, social.SavedReply{ClientID: c.client.ID, Name: x.name, Body: x.body}); err != nil {
				return n, fmt.Errorf("seed: %w", err)
			}
			n++
		}
	}
	return n, nil
}
