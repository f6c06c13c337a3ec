// Package ics writes a client's plan as an iCalendar file (RFC 5545) that calendar apps
// import or subscribe to: one event per post that is scheduled or went out, at its time,
// with its text, accounts and links.
//
// Events are written in UTC ("20261201T083000Z"): every calendar app reads UTC and shows it
// in the viewer's own zone, while a TZID needs a VTIMEZONE block that some importers get
// wrong across DST changes. The client's zone is used in the description, where people
// read it. The encoding (escaping, folding at 75 octets without splitting a character) is
// github.com/arran4/golang-ical's.
package ics

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	ical "github.com/arran4/golang-ical"
	"github.com/rivo/uniseg"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// ProdID names the program that made the file, as RFC 5545 §3.7.3 asks.
const ProdID = "-//chorus-social//chorus//EN"

// Length is how long an event lasts in a calendar. A post is an instant, but a zero-length
// event is drawn as a hairline or not at all by several calendar apps.
const Length = 15 * time.Minute

// summaryLength is how many characters of the first line the event title keeps.
const summaryLength = 60

// Options describe the calendar.
type Options struct {
	// Name is the calendar's name, shown by apps that import it as a calendar of its own.
	Name string
	// Workspace makes event UIDs unique across databases (store.WorkspaceID).
	Workspace string
	// Now is the file's time stamp (DTSTAMP); zero means time.Now().
	Now time.Time
	// ClientInSummary puts the client's name before each title, for a file of every client.
	ClientInSummary bool
}

// Write writes the posts as one calendar.
func Write(w io.Writer, posts []store.ExportPost, o Options) error {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	cal := ical.NewCalendar()
	cal.SetProductId(ProdID)
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ical.MethodPublish)
	if o.Name != "" {
		cal.SetName(clean(o.Name))
		cal.SetXWRCalName(clean(o.Name))
	}
	for _, p := range posts {
		if len(p.Post.Targets) == 0 {
			continue
		}
		cal.AddVEvent(event(p, o))
	}
	// The library ends lines with "\n" unless told otherwise; RFC 5545 §3.1 says CRLF.
	if err := cal.SerializeTo(w, ical.WithNewLineWindows); err != nil {
		return fmt.Errorf("write calendar: %w", err)
	}
	return nil
}

// UID is the event id of a post: stable across exports, so importing the file again
// updates events instead of doubling them. .invalid (RFC 2606) is a domain no one owns.
func UID(p store.ExportPost, workspace string) string {
	return fmt.Sprintf("post-%d.%s.%s@chorus.invalid", p.Post.ID, p.Post.ClientID, workspace)
}

func event(p store.ExportPost, o Options) *ical.VEvent {
	e := ical.NewEvent(UID(p, o.Workspace))
	start, modified := p.Post.UpdatedAt, p.Post.UpdatedAt
	published, url := 0, ""
	for i, t := range p.Post.Targets {
		at := when(t)
		if i == 0 || at.Before(start) {
			start = at
		}
		if t.Status == social.StatusPublished {
			published++
			if url == "" && isWebURL(t.RemoteURL) {
				url = t.RemoteURL
			}
			if t.PublishedAt.After(modified) {
				modified = t.PublishedAt
			}
		}
	}
	e.SetDtStampTime(o.Now)
	e.SetStartAt(start)
	e.SetEndAt(start.Add(Length))
	if !p.Post.CreatedAt.IsZero() {
		e.SetCreatedTime(p.Post.CreatedAt)
	}
	if !modified.IsZero() {
		e.SetModifiedAt(modified)
	}
	summary := title(p.Post.Text())
	if o.ClientInSummary {
		summary = clientName(p.Client) + ": " + summary
	}
	e.SetSummary(summary)
	e.SetDescription(description(p))
	// CONFIRMED once it is out everywhere; until then it is a plan that may still move.
	if published == len(p.Post.Targets) {
		e.SetStatus(ical.ObjectStatusConfirmed)
	} else {
		e.SetStatus(ical.ObjectStatusTentative)
	}
	if url != "" {
		e.SetURL(url)
	}
	return e
}

// when is the time a target stands for in the calendar: when it went out, or when it is due.
func when(t social.Target) time.Time {
	if t.Status == social.StatusPublished && !t.PublishedAt.IsZero() {
		return t.PublishedAt
	}
	return t.DueAt
}

// title is the first non-empty line of text, cut to summaryLength characters.
func title(text string) string {
	line := ""
	for _, l := range strings.Split(clean(text), "\n") {
		if line = strings.TrimSpace(l); line != "" {
			break
		}
	}
	if line == "" {
		return "(no text)"
	}
	if uniseg.GraphemeClusterCount(line) <= summaryLength {
		return line
	}
	var b strings.Builder
	g := uniseg.NewGraphemes(line)
	for n := 0; n < summaryLength-1 && g.Next(); n++ {
		b.WriteString(g.Str())
	}
	return strings.TrimRightFunc(b.String(), unicode.IsSpace) + "…"
}

// description is the whole post: every part, each account with its status, time and link
// (and its own text where it has one), then the post's status.
func description(p store.ExportPost) string {
	loc := p.Client.Location()
	var b strings.Builder
	for i, part := range p.Post.Parts {
		if i > 0 {
			fmt.Fprintf(&b, "\n\n(%d/%d) ", i+1, len(p.Post.Parts))
		}
		b.WriteString(clean(part.Text))
	}
	b.WriteString("\n\nAccounts:")
	for i, t := range p.Post.Targets {
		a := p.Accounts[i]
		fmt.Fprintf(&b, "\n- %s (%s %s): %s %s", t.AccountID, a.Platform, a.Handle, t.Status,
			when(t).In(loc).Format("Mon 2 Jan 2006 15:04 MST"))
		if t.RemoteURL != "" {
			b.WriteString(" " + clean(t.RemoteURL))
		}
		if len(t.Variant) > 0 {
			b.WriteString("\n  own text: " + strings.ReplaceAll(clean(strings.Join(t.Variant, "\n\n")), "\n", "\n  "))
		}
	}
	fmt.Fprintf(&b, "\n\nClient: %s\nStatus: %s", clientName(p.Client), p.Post.Status)
	if p.Post.Notes != "" {
		b.WriteString("\nNotes: " + clean(p.Post.Notes))
	}
	return b.String()
}

func clientName(c social.Client) string {
	if c.Name != "" {
		return clean(c.Name)
	}
	return c.ID
}

// clean makes text fit a TEXT value: line breaks become "\n", which the encoder writes as
// the escape "\n", and other control characters, which RFC 5545 does not allow in a
// content line (§3.1), are dropped. A tab may stay.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) {
			return r
		}
		return -1
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// isWebURL keeps the event's URL (a URI value, written unescaped) to links a calendar app
// can open and that cannot break the line.
func isWebURL(s string) bool {
	return (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) &&
		!strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
}
