package mastodon

import "time"

// The JSON shapes of the Mastodon entities the adapter reads, trimmed to the fields it
// uses (https://docs.joinmastodon.org/entities/). Nullable strings decode as "".

// account is an Account (https://docs.joinmastodon.org/entities/Account/).
type account struct {
	ID             string `json:"id"`
	Username       string `json:"username"`
	Acct           string `json:"acct"` // "user" on the account's own instance, else "user@domain"
	DisplayName    string `json:"display_name"`
	URL            string `json:"url"`
	FollowersCount int64  `json:"followers_count"`
	FollowingCount int64  `json:"following_count"`
	StatusesCount  int64  `json:"statuses_count"`
}

// name is what to call the account: its display name, else its username.
func (a account) name() string {
	if a.DisplayName != "" {
		return a.DisplayName
	}
	return a.Username
}

// status is a Status (https://docs.joinmastodon.org/entities/Status/).
type status struct {
	ID                 string            `json:"id"`
	CreatedAt          time.Time         `json:"created_at"`
	InReplyToID        string            `json:"in_reply_to_id"`
	InReplyToAccountID string            `json:"in_reply_to_account_id"`
	SpoilerText        string            `json:"spoiler_text"`
	Visibility         string            `json:"visibility"`
	Language           string            `json:"language"`
	URL                string            `json:"url"`
	URI                string            `json:"uri"`
	Content            string            `json:"content"`
	RepliesCount       int64             `json:"replies_count"`
	ReblogsCount       int64             `json:"reblogs_count"`
	FavouritesCount    int64             `json:"favourites_count"`
	QuotesCount        *int64            `json:"quotes_count"` // 4.5+; absent before
	Account            account           `json:"account"`
	Mentions           []mention         `json:"mentions"`
	MediaAttachments   []mediaAttachment `json:"media_attachments"`
	Quote              *quote            `json:"quote"`
}

// link is where the status lives on the web: url, or the ActivityPub uri for remote
// statuses without one.
func (s status) link() string {
	if s.URL != "" {
		return s.URL
	}
	return s.URI
}

// mentions reports whether the status mentions the account with id.
func (s status) mentions(id string) bool {
	for _, m := range s.Mentions {
		if m.ID == id {
			return true
		}
	}
	return false
}

// mention is a Status::Mention.
type mention struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Acct     string `json:"acct"`
	URL      string `json:"url"`
}

// quote is a Quote or ShallowQuote (4.5+, https://docs.joinmastodon.org/entities/Quote/):
// the quoted status in full, or only its id.
type quote struct {
	State          string  `json:"state"`
	QuotedStatus   *status `json:"quoted_status"`
	QuotedStatusID string  `json:"quoted_status_id"`
}

// quotedID is the id of the status quoted, if any.
func (q *quote) quotedID() string {
	switch {
	case q == nil:
		return ""
	case q.QuotedStatus != nil:
		return q.QuotedStatus.ID
	default:
		return q.QuotedStatusID
	}
}

// mediaAttachment is a MediaAttachment (https://docs.joinmastodon.org/entities/MediaAttachment/).
// URL stays null while the server processes the upload.
type mediaAttachment struct {
	ID          string  `json:"id"`
	Type        string  `json:"type"`
	URL         *string `json:"url"`
	Description string  `json:"description"`
}

// notification is a Notification (https://docs.joinmastodon.org/entities/Notification/).
type notification struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"created_at"`
	Account   account   `json:"account"`
	Status    *status   `json:"status"`
}

// conversation is a Conversation (https://docs.joinmastodon.org/entities/Conversation/):
// a direct-message thread, its other participants and its newest status.
type conversation struct {
	ID         string    `json:"id"`
	Unread     bool      `json:"unread"`
	Accounts   []account `json:"accounts"`
	LastStatus *status   `json:"last_status"`
}

// statusContext is a Context (https://docs.joinmastodon.org/entities/Context/).
type statusContext struct {
	Ancestors   []status `json:"ancestors"`
	Descendants []status `json:"descendants"`
}

// instance holds the parts of an Instance (v2) or V1::Instance the adapter reads
// (https://docs.joinmastodon.org/entities/Instance/#configuration). MaxTootChars is the
// pre-4.0 field some forks (Pleroma, glitch-soc) send on v1.
type instance struct {
	Configuration struct {
		Statuses struct {
			MaxCharacters            int `json:"max_characters"`
			MaxMediaAttachments      int `json:"max_media_attachments"`
			CharactersReservedPerURL int `json:"characters_reserved_per_url"`
		} `json:"statuses"`
		MediaAttachments struct {
			SupportedMimeTypes []string `json:"supported_mime_types"`
			ImageSizeLimit     int64    `json:"image_size_limit"`
			VideoSizeLimit     int64    `json:"video_size_limit"`
			DescriptionLimit   int      `json:"description_limit"` // 4.4+
		} `json:"media_attachments"`
	} `json:"configuration"`
	MaxTootChars int `json:"max_toot_chars"`
}

// application is a CredentialApplication (https://docs.joinmastodon.org/entities/Application/).
type application struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// oauthToken is a Token (https://docs.joinmastodon.org/entities/Token/). Mastodon tokens
// carry no expiry and no refresh token: they last until revoked.
type oauthToken struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	Scope       string `json:"scope"`
}
