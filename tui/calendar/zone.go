package calendar

import (
	"hash/fnv"
	"image/color"
	"regexp"
	"time"

	"charm.land/lipgloss/v2"
)

// The calendar shows each post at its time in its client's zone (a freelancer plans for
// clients in several zones, and "09:00" means the client's morning), or, toggled with z,
// everything in the local zone. Days are the dates in that zone too.

// localZone is the zone of the user's clock.
func (m *Model) localZone() *time.Location { return m.env.Now().Location() }

// zoneOf is the zone a client's posts are shown in.
func (m *Model) zoneOf(clientID string) *time.Location {
	if m.local {
		return m.localZone()
	}
	return m.clientZone(clientID)
}

// clientZone is a client's own zone, whichever is shown: the one its wall-clock times
// (queue slots, a post moved a day) are kept in.
func (m *Model) clientZone(clientID string) *time.Location {
	if c, ok := m.clients[clientID]; ok {
		return c.loc
	}
	return time.UTC
}

// dayZone is the zone the calendar's days are read in when one zone must stand for all:
// today, and the day a new post is planned on. With every client shown in its own zone,
// that is the local one.
func (m *Model) dayZone() *time.Location {
	if !m.local && m.client != "" {
		return m.zoneOf(m.client)
	}
	return m.localZone()
}

// today is the current date in dayZone, at 00:00 UTC like every calendar date.
func (m *Model) today() time.Time {
	return dateOf(m.env.Now().In(m.dayZone()))
}

// dateOf is t's date (in t's own location) as a calendar date: 00:00 UTC.
func dateOf(t time.Time) time.Time {
	y, mo, d := t.Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
}

// zoneLabel says which zone the times are in, for the header.
func (m *Model) zoneLabel() string {
	switch {
	case m.local:
		return "local time (" + zoneName(m.localZone(), m.env.Now()) + ")"
	case m.client == "":
		return "each client's time"
	}
	name := m.client
	if c, ok := m.clients[m.client]; ok {
		name = c.Name
	}
	return name + " time (" + zoneName(m.zoneOf(m.client), m.env.Now()) + ")"
}

// zoneName is an IANA name where there is one, else the abbreviation in force at t.
func zoneName(loc *time.Location, t time.Time) string {
	if n := loc.String(); n != "Local" {
		return n
	}
	return t.In(loc).Format("MST")
}

// Client colours. A client's own colour (social.Client.Color, a hex string) is used as
// set; without one, a colour is picked from the client's id, so it stays the same from
// run to run and differs between clients more often than not. The palette pairs a
// darker shade for light backgrounds with a lighter one for dark backgrounds.
var clientPalette = [][2]string{
	{"#0969DA", "#58A6FF"}, // blue
	{"#1A7F37", "#3FB950"}, // green
	{"#BF3989", "#DB61A2"}, // pink
	{"#9A6700", "#D29922"}, // amber
	{"#8250DF", "#B083F0"}, // violet
	{"#0E7C86", "#39C5CF"}, // teal
	{"#BC4C00", "#F0883E"}, // orange
	{"#CF222E", "#FF7B72"}, // red
}

var hexColour = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// clientColour is the colour of a client on a dark or light background.
func clientColour(id, set string, dark bool) color.Color {
	if hexColour.MatchString(set) {
		return lipgloss.Color(set)
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	pair := clientPalette[h.Sum32()%uint32(len(clientPalette))]
	return lipgloss.LightDark(dark)(lipgloss.Color(pair[0]), lipgloss.Color(pair[1]))
}
