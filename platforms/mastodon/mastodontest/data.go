package mastodontest

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// acct is an account on the instance or a remote one it knows.
type acct struct {
	id       int64
	username string
	domain   string // "" for local accounts
	display  string
}

// acctName is the account's "acct": username locally, username@domain for remote accounts.
func (a *acct) acctName() string {
	if a.domain == "" {
		return a.username
	}
	return a.username + "@" + a.domain
}

// stat is a status.
type stat struct {
	id         int64
	account    *acct
	text       string
	spoiler    string
	visibility string
	language   string
	replyTo    int64
	root       int64 // the thread's first status
	quote      int64 // the status quoted, if any
	created    time.Time
	media      []*media
	mentions   []*acct
	reblogs    int
}

// media is an uploaded attachment.
type media struct {
	id        int64
	owner     *acct
	kind      string // image, video, audio
	desc      string
	pollsLeft int // GETs that still answer 206
	attached  bool
}

// notif is a notification for the main account.
type notif struct {
	id      int64
	typ     string
	created time.Time
	from    *acct
	status  int64
}

// app is a registered OAuth application.
type app struct {
	clientID, secret string
	redirects        []string
	scopes           []string
}

// grant is an authorization code waiting to be exchanged.
type grant struct {
	app       *app
	redirect  string
	scope     string
	challenge string
	account   *acct
	used      bool
}

// token is an access token.
type token struct {
	account *acct
	scopes  []string
	revoked bool
}

// has reports whether the token's scopes allow scope: "read" and "write" cover their
// granular forms.
func (t *token) has(scope string) bool {
	top, _, _ := strings.Cut(scope, ":")
	return slices.Contains(t.scopes, scope) || slices.Contains(t.scopes, top)
}

// seed makes the instance's accounts and a little history: the main account's first
// post, a mention of it, and a direct conversation with a remote customer.
func (s *Server) seed() {
	self := s.addAccount("brand", "", "Brand & Co.")
	ana := s.addAccount("ana", "", "Ana")
	ben := s.addAccount("ben", "remote.example", "Ben Remote")
	s.addAccount("cleo", "", "Cleo")
	s.loginAs = self
	s.SelfID, s.SelfUsername = idString(self.id), self.username
	s.Token = "personal-" + randomToken()
	s.tokens[s.Token] = &token{account: self, scopes: []string{"read", "write", "follow", "push"}}

	at := s.now().Add(-time.Hour)
	welcome := s.create(self, draft{text: "Welcome to our shop! https://shop.example/spring-collection-2026", visibility: "public"}, at)
	m := s.create(ana, draft{text: "@brand do you ship to Norway? 🇳🇴", visibility: "public"}, at.Add(time.Minute))
	s.notify("mention", ana, m.id, m.created)
	s.notify("favourite", ana, welcome.id, at.Add(2*time.Minute))
	d1 := s.create(ben, draft{text: "@brand hi, my order 1234 has not arrived", visibility: "direct"}, at.Add(3*time.Minute))
	s.notify("mention", ben, d1.id, d1.created)
	d2 := s.create(self, draft{text: "@ben@remote.example sorry! Let me check.", visibility: "direct", replyTo: d1.id}, at.Add(4*time.Minute))
	d3 := s.create(ben, draft{text: "@brand thanks! Order 1234 <urgent> & fragile", visibility: "direct", replyTo: d2.id}, at.Add(5*time.Minute))
	s.notify("mention", ben, d3.id, d3.created)
}

func (s *Server) addAccount(username, domain, display string) *acct {
	a := &acct{id: int64(len(s.accounts) + 1), username: username, domain: domain, display: display}
	s.accounts = append(s.accounts, a)
	return a
}

// self is the main account.
func (s *Server) self() *acct { return s.accounts[0] }

// byAcct finds an account by its acct ("ana", "ben@remote.example"); a local account
// may also be named with the instance's host.
func (s *Server) byAcct(name string) *acct {
	name = strings.ToLower(strings.TrimPrefix(name, "@"))
	user, domain, _ := strings.Cut(name, "@")
	for _, a := range s.accounts {
		if a.username == user && (a.domain == domain || (a.domain == "" && strings.HasPrefix(s.URL, "http://"+domain))) {
			return a
		}
	}
	return nil
}

// draft is what a new status carries.
type draft struct {
	text, spoiler, visibility, language string
	replyTo, quote                      int64
	media                               []*media
}

// create makes a status. The caller has validated d.
func (s *Server) create(author *acct, d draft, at time.Time) *stat {
	s.seq += 1 << 16 // snowflake-like: grows with time, same length for years
	st := &stat{
		id: s.seq, account: author, text: d.text, spoiler: d.spoiler, visibility: d.visibility,
		language: d.language, replyTo: d.replyTo, quote: d.quote, created: at.UTC(), media: d.media,
	}
	if st.visibility == "" {
		st.visibility = "public"
	}
	st.root = st.id
	if parent := s.statuses[d.replyTo]; parent != nil {
		st.root = parent.root
	}
	for _, name := range mentionNames(d.text) {
		if a := s.byAcct(name); a != nil && !slices.Contains(st.mentions, a) {
			st.mentions = append(st.mentions, a)
		}
	}
	for _, m := range d.media {
		m.attached = true
	}
	s.statuses[st.id] = st
	s.order = append(s.order, st.id)
	if st.visibility == "direct" {
		if _, ok := s.convIDs[st.root]; !ok {
			s.cseq++
			s.convIDs[st.root] = s.cseq
		}
	}
	return st
}

// notify adds a notification for the main account.
func (s *Server) notify(typ string, from *acct, status int64, at time.Time) *notif {
	s.nseq++
	n := &notif{id: s.nseq, typ: typ, created: at.UTC(), from: from, status: status}
	s.notifs = append(s.notifs, n)
	return n
}

// visible reports whether viewer may see st: direct statuses only their author and the
// accounts they mention.
func (st *stat) visible(viewer *acct) bool {
	if st.visibility != "direct" && st.visibility != "private" {
		return true
	}
	return st.account == viewer || slices.Contains(st.mentions, viewer)
}

// ownStatus returns one of the main account's public statuses, making one if needed.
func (s *Server) ownStatus(at time.Time) *stat {
	for i := len(s.order) - 1; i >= 0; i-- {
		if st := s.statuses[s.order[i]]; st.account == s.self() && st.visibility == "public" {
			return st
		}
	}
	return s.create(s.self(), draft{text: "A post of ours", visibility: "public"}, at)
}

// AddNotifications makes n new notifications for the main account, cycling through
// mentions, replies to its posts, favourites, boosts, follows and quotes (all public: DMs
// come through AddDM).
func (s *Server) AddNotifications(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	others := s.accounts[1:]
	at := s.now()
	for i := range n {
		from := others[i%len(others)]
		when := at.Add(time.Duration(i) * time.Millisecond)
		switch i % 6 {
		case 0:
			st := s.create(from, draft{text: fmt.Sprintf("@%s question number %d", s.self().username, i)}, when)
			s.notify("mention", from, st.id, when)
		case 1:
			mine := s.ownStatus(when)
			st := s.create(from, draft{text: fmt.Sprintf("@%s love it (%d)", s.self().username, i), replyTo: mine.id}, when)
			s.notify("mention", from, st.id, when)
		case 2:
			mine := s.ownStatus(when)
			s.favourites[[2]int64{from.id, mine.id}] = true
			s.notify("favourite", from, mine.id, when)
		case 3:
			mine := s.ownStatus(when)
			mine.reblogs++
			s.notify("reblog", from, mine.id, when)
		case 4:
			s.follows++
			s.notify("follow", from, 0, when)
		case 5:
			mine := s.ownStatus(when)
			st := s.create(from, draft{text: fmt.Sprintf("Look at this (%d)", i), quote: mine.id}, when)
			s.notify("quote", from, st.id, when)
		}
	}
}

// AddDM makes a direct message to the main account from the account named from ("ben",
// "ben@remote.example"), in reply to the status with id replyTo ("" starts a new
// conversation), and returns the new status's id.
func (s *Server) AddDM(from, text, replyTo string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.byAcct(from)
	if a == nil {
		panic("mastodontest: AddDM from unknown account " + from)
	}
	parent, _ := parseID(replyTo)
	st := s.create(a, draft{text: "@" + s.self().username + " " + text, visibility: "direct", replyTo: parent}, s.now())
	s.notify("mention", a, st.id, st.created)
	return idString(st.id)
}

// EditStatus replaces the text of the status with id, as its author editing it does
// (PUT /api/v1/statuses/:id), and reports whether the status exists. Like Mastodon it
// sends no notification to the accounts mentioned (Mastodon notifies those that boosted
// it, which this instance does not model); the edit shows wherever the status is fetched
// again.
func (s *Server) EditStatus(id, text string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, _ := parseID(id)
	st := s.statuses[n]
	if st == nil {
		return false
	}
	st.text = text
	return true
}

// LoginAs makes the authorization page approve as the account named username, as if
// that account were logged in in the browser.
func (s *Server) LoginAs(username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.byAcct(username); a != nil {
		s.loginAs = a
	}
}

// Revoke makes token invalid, as revoking it in the instance's settings does.
func (s *Server) Revoke(tok string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.tokens[tok]; t != nil {
		t.revoked = true
	}
}

// TokenValid reports whether tok is a live token.
func (s *Server) TokenValid(tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tokens[tok]
	return t != nil && !t.revoked
}

// Status describes a status for tests: its text, visibility, spoiler, the id it
// replies to, its media descriptions, and the accts it mentions.
type Status struct {
	ID, Text, SpoilerText, Visibility, Language, InReplyToID string
	MediaDescriptions                                        []string
	Mentions                                                 []string
}

// Status returns the status with id, if it exists.
func (s *Server) Status(id string) (Status, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.publishDue()
	n, _ := parseID(id)
	st := s.statuses[n]
	if st == nil {
		return Status{}, false
	}
	return s.describe(st), true
}

// Statuses returns every status the instance holds, oldest first.
func (s *Server) Statuses() []Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.publishDue()
	out := make([]Status, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, s.describe(s.statuses[id]))
	}
	return out
}

func (s *Server) describe(st *stat) Status {
	out := Status{ID: idString(st.id), Text: st.text, SpoilerText: st.spoiler, Visibility: st.visibility, Language: st.language}
	if st.replyTo != 0 {
		out.InReplyToID = idString(st.replyTo)
	}
	for _, m := range st.media {
		out.MediaDescriptions = append(out.MediaDescriptions, m.desc)
	}
	for _, m := range st.mentions {
		out.Mentions = append(out.Mentions, m.acctName())
	}
	return out
}

// MediaCount is how many uploads the instance holds and how many of them are attached to
// a status (an upload whose answer was lost stays unattached, as on Mastodon).
func (s *Server) MediaCount() (uploaded, attached int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.media {
		uploaded++
		if m.attached {
			attached++
		}
	}
	return uploaded, attached
}

// StatusCount is how many statuses the instance holds.
func (s *Server) StatusCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.publishDue()
	return len(s.order)
}
