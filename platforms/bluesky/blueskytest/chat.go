package blueskytest

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rivo/uniseg"
)

// The chat service: conversations, messages and the event log (lexicons/chat/bsky/convo/*).

type convo struct {
	id       string
	members  []string // DIDs
	messages []*message
}

type message struct {
	id, rev, sender, text, sentAt string
	facets                        json.RawMessage
}

type chatLog struct {
	rev, convoID string
	msg          *message
}

func (s *Server) nextRev() string {
	s.seq++
	return fmt.Sprintf("%016d", s.seq)
}

// Convo returns the conversation between a and b, starting it if needed.
func (s *Server) Convo(a, b *Account) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.convoFor([]string{a.DID, b.DID}).id
}

func (s *Server) convoFor(members []string) *convo {
	want := slices.Clone(members)
	sort.Strings(want)
	want = slices.Compact(want)
	for _, id := range s.convoOrder {
		c := s.convos[id]
		have := slices.Clone(c.members)
		sort.Strings(have)
		if slices.Equal(have, want) {
			return c
		}
	}
	c := &convo{id: "convo" + s.nextRev(), members: want}
	s.convos[c.id] = c
	s.convoOrder = append(s.convoOrder, c.id)
	return c
}

// DM sends text from a into the conversation and returns the message id.
func (s *Server) DM(from *Account, convoID, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addMessage(s.convos[convoID], from.DID, text, nil).id
}

// Messages returns the texts of a conversation's messages, oldest first.
func (s *Server) Messages(convoID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, m := range s.convos[convoID].messages {
		out = append(out, m.text)
	}
	return out
}

func (s *Server) addMessage(c *convo, sender, text string, facets json.RawMessage) *message {
	rev := s.nextRev()
	m := &message{id: "msg" + rev, rev: rev, sender: sender, text: text, sentAt: s.now().Format(time.RFC3339Nano), facets: facets}
	c.messages = append(c.messages, m)
	s.logs = append(s.logs, chatLog{rev: rev, convoID: c.id, msg: m})
	return m
}

func messageView(m *message) map[string]any {
	v := map[string]any{"$type": "chat.bsky.convo.defs#messageView", "id": m.id, "rev": m.rev, "text": m.text,
		"sender": map[string]string{"did": m.sender}, "sentAt": m.sentAt}
	if m.facets != nil {
		v["facets"] = m.facets
	}
	return v
}

func (s *Server) convoView(c *convo) map[string]any {
	members := []any{}
	for _, did := range c.members {
		members = append(members, s.profileView(did))
	}
	v := map[string]any{"id": c.id, "rev": "0", "members": members, "muted": false, "unreadCount": 0}
	if n := len(c.messages); n > 0 {
		v["lastMessage"] = messageView(c.messages[n-1])
	}
	return v
}

// memberConvo finds a conversation the caller belongs to.
func (s *Server) memberConvo(c *caller, id string) (*convo, *xrpcError) {
	cv := s.convos[id]
	if cv == nil || !slices.Contains(cv.members, c.acct.DID) {
		return nil, invalid("Convo not found")
	}
	return cv, nil
}

// getLog returns the events after cursor (all without one) in the caller's conversations.
func (s *Server) getLog(c *caller, r *request) (any, *xrpcError) {
	cursor := r.param("cursor")
	logs := []any{}
	last := cursor
	for _, l := range s.logs {
		if cursor != "" && l.rev <= cursor {
			continue
		}
		if !slices.Contains(s.convos[l.convoID].members, c.acct.DID) {
			continue
		}
		logs = append(logs, map[string]any{"$type": "chat.bsky.convo.defs#logCreateMessage", "rev": l.rev,
			"convoId": l.convoID, "message": messageView(l.msg)})
		last = l.rev
	}
	out := map[string]any{"logs": logs}
	if last != "" {
		out["cursor"] = last
	}
	return out, nil
}

func (s *Server) listConvos(c *caller, r *request) (any, *xrpcError) {
	limit := 50
	if v, err := strconv.Atoi(r.param("limit")); err == nil {
		if v < 1 || v > 100 {
			return nil, invalid("limit can not be greater than 100")
		}
		limit = v
	}
	var mine []*convo
	for _, id := range s.convoOrder {
		if cv := s.convos[id]; slices.Contains(cv.members, c.acct.DID) {
			mine = append(mine, cv)
		}
	}
	lastRev := func(cv *convo) string {
		if n := len(cv.messages); n > 0 {
			return cv.messages[n-1].rev
		}
		return ""
	}
	sort.SliceStable(mine, func(i, j int) bool { return lastRev(mine[i]) > lastRev(mine[j]) })
	out := []any{}
	for _, cv := range mine[:min(limit, len(mine))] {
		out = append(out, s.convoView(cv))
	}
	return map[string]any{"convos": out}, nil
}

func (s *Server) getConvo(c *caller, r *request) (any, *xrpcError) {
	cv, err := s.memberConvo(c, r.param("convoId"))
	if err != nil {
		return nil, err
	}
	return map[string]any{"convo": s.convoView(cv)}, nil
}

func (s *Server) getConvoForMembers(c *caller, r *request) (any, *xrpcError) {
	members := r.q["members"]
	if len(members) == 0 {
		return nil, invalid(`Error: Params must have the property "members"`)
	}
	for _, m := range members {
		if s.accounts[m] == nil {
			return nil, invalid("recipient not found: %s", m)
		}
	}
	return map[string]any{"convo": s.convoView(s.convoFor(append(members, c.acct.DID)))}, nil
}

func (s *Server) getMessages(c *caller, r *request) (any, *xrpcError) {
	cv, err := s.memberConvo(c, r.param("convoId"))
	if err != nil {
		return nil, err
	}
	limit := 50
	if v, perr := strconv.Atoi(r.param("limit")); perr == nil {
		if v < 1 || v > 100 {
			return nil, invalid("limit can not be greater than 100")
		}
		limit = v
	}
	out := []any{}
	for i := len(cv.messages) - 1; i >= 0 && len(out) < limit; i-- {
		out = append(out, messageView(cv.messages[i]))
	}
	return map[string]any{"messages": out}, nil
}

func (s *Server) sendMessage(c *caller, r *request) (any, *xrpcError) {
	var in struct {
		ConvoID string `json:"convoId"`
		Message struct {
			Text   *string         `json:"text"`
			Facets json.RawMessage `json:"facets"`
		} `json:"message"`
	}
	if err := r.decode(&in); err != nil {
		return nil, err
	}
	cv, xerr := s.memberConvo(c, in.ConvoID)
	if xerr != nil {
		return nil, xerr
	}
	if in.Message.Text == nil || strings.TrimSpace(*in.Message.Text) == "" {
		return nil, invalid("Message must have text")
	}
	text := *in.Message.Text
	if uniseg.GraphemeClusterCount(text) > 1000 || len(text) > 10000 {
		return nil, invalid("Input/message/text must not be longer than 1000 graphemes")
	}
	if len(in.Message.Facets) > 0 {
		var facets []Facet
		if err := json.Unmarshal(in.Message.Facets, &facets); err != nil {
			return nil, invalid("Input/message/facets: %v", err)
		}
		if msg := s.checkFacets(text, facets); msg != "" {
			return nil, invalid("Input/message: %s", msg)
		}
	}
	return messageView(s.addMessage(cv, c.acct.DID, text, in.Message.Facets)), nil
}
