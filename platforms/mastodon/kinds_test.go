package mastodon

import (
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestNotificationKinds(t *testing.T) {
	const self = "1"
	acme := social.Account{ID: "acme-masto", ClientID: "acme"}
	ana := account{ID: "2", Username: "ana", Acct: "ana", DisplayName: "Ana", URL: "https://m.example/@ana"}
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	mine := &status{ID: "500", Account: account{ID: self}, Content: "<p>our post</p>"}
	public := func(mod func(*status)) *status {
		st := &status{ID: "900", CreatedAt: at, Visibility: "public", Account: ana, Content: "<p>hi <b>there</b></p>",
			URL: "https://m.example/@ana/900", Mentions: []mention{{ID: self}}}
		if mod != nil {
			mod(st)
		}
		return st
	}
	for _, tc := range []struct {
		name       string
		n          notification
		want       social.InboxKind // "" means not shown
		remote     string
		parent     string
		wantText   string
		wantAuthor string
	}{
		{name: "mention", n: notification{ID: "1", Type: "mention", Status: public(nil)},
			want: social.InboxMention, remote: "900", wantText: "hi there", wantAuthor: "ana"},
		{name: "mention answering one of ours is a reply", n: notification{ID: "2", Type: "mention", Status: public(func(s *status) {
			s.InReplyToID, s.InReplyToAccountID = "500", self
		})}, want: social.InboxReply, remote: "900", parent: "500"},
		{name: "mention inside someone else's thread stays a mention", n: notification{ID: "3", Type: "mention", Status: public(func(s *status) {
			s.InReplyToID, s.InReplyToAccountID = "700", "3"
		})}, want: social.InboxMention, remote: "900", parent: "700"},
		{name: "direct mention is left to the DMs", n: notification{ID: "4", Type: "mention", Status: public(func(s *status) { s.Visibility = "direct" })}},
		{name: "content warning shown", n: notification{ID: "5", Type: "mention", Status: public(func(s *status) { s.SpoilerText = "spoilers" })},
			want: social.InboxMention, remote: "900", wantText: "CW: spoilers\n\nhi there"},
		{name: "attachments noted", n: notification{ID: "6", Type: "mention", Status: public(func(s *status) {
			s.MediaAttachments = []mediaAttachment{{Type: "image", Description: "a red shoe"}, {Type: "video"}}
		})}, want: social.InboxMention, remote: "900", wantText: "hi there\n[image: a red shoe]\n[video]"},
		{name: "favourite is a like of our post", n: notification{ID: "7", Type: "favourite", Account: ana, Status: mine},
			want: social.InboxLike, remote: "notification/7", parent: "500", wantAuthor: "ana"},
		{name: "reblog is a repost", n: notification{ID: "8", Type: "reblog", Account: ana, Status: mine},
			want: social.InboxRepost, remote: "notification/8", parent: "500"},
		{name: "follow", n: notification{ID: "9", Type: "follow", Account: ana}, want: social.InboxFollow, remote: "notification/9"},
		{name: "quote points at the quoted post", n: notification{ID: "10", Type: "quote", Status: public(func(s *status) {
			s.Mentions = nil
			s.Quote = &quote{State: "accepted", QuotedStatus: mine}
		})}, want: social.InboxQuote, remote: "900", parent: "500"},
		{name: "shallow quote", n: notification{ID: "11", Type: "quote", Status: public(func(s *status) {
			s.Quote = &quote{QuotedStatusID: "501"}
		})}, want: social.InboxQuote, remote: "900", parent: "501"},
		{name: "edit of a mention updates it", n: notification{ID: "12", Type: "update", Status: public(nil)}, want: social.InboxMention, remote: "900"},
		{name: "edit of a post not addressed to us is skipped", n: notification{ID: "13", Type: "update", Status: public(func(s *status) { s.Mentions = nil })}},
		{name: "poll ended is skipped", n: notification{ID: "14", Type: "poll", Status: mine}},
		{name: "admin sign-up is skipped", n: notification{ID: "15", Type: "admin.sign_up", Account: ana}},
		{name: "mention without status is skipped", n: notification{ID: "16", Type: "mention"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			it, ok := notificationItem(acme, self, tc.n)
			if tc.want == "" {
				if ok {
					t.Fatalf("shown as %q, want skipped", it.Kind)
				}
				return
			}
			if !ok {
				t.Fatalf("skipped, want %q", tc.want)
			}
			if it.Kind != tc.want || it.RemoteID != tc.remote || it.ParentRemoteID != tc.parent {
				t.Errorf("got kind %q remote %q parent %q, want %q %q %q", it.Kind, it.RemoteID, it.ParentRemoteID, tc.want, tc.remote, tc.parent)
			}
			if tc.wantText != "" && it.Text != tc.wantText {
				t.Errorf("text %q, want %q", it.Text, tc.wantText)
			}
			if tc.wantAuthor != "" && it.AuthorHandle != tc.wantAuthor {
				t.Errorf("author %q, want %q", it.AuthorHandle, tc.wantAuthor)
			}
			if it.AccountID != acme.ID || it.ClientID != acme.ClientID || it.Platform != Name {
				t.Errorf("item not tied to the account: %+v", it)
			}
		})
	}
}

func TestStatusKind(t *testing.T) {
	const self = "1"
	for _, tc := range []struct {
		name string
		st   status
		want social.InboxKind
	}{
		{"own", status{Account: account{ID: self}, InReplyToAccountID: self}, ""},
		{"direct", status{Account: account{ID: "2"}, Visibility: "direct"}, social.InboxDM},
		{"reply to us", status{Account: account{ID: "2"}, InReplyToID: "5", InReplyToAccountID: self}, social.InboxReply},
		{"mentions us", status{Account: account{ID: "2"}, Mentions: []mention{{ID: self}}}, social.InboxMention},
		{"reply in a thread", status{Account: account{ID: "2"}, InReplyToID: "5", InReplyToAccountID: "3"}, social.InboxReply},
		{"unrelated root", status{Account: account{ID: "2"}}, ""},
	} {
		if got := statusKind(tc.st, self); got != tc.want {
			t.Errorf("%s: statusKind = %q, want %q", tc.name, got, tc.want)
		}
	}
}
