// Package when turns what a person types for a time ("2h", "tomorrow 9am", "fri 10:00",
// "2026-12-01 09:00") into a UTC instant, reading wall-clock input in the client's zone,
// and shows an instant back unambiguously for confirmation (Describe).
//
// It is a small hand parser over a fixed table of forms rather than a general
// natural-language library such as github.com/olebedev/when: that library looks for a time
// anywhere inside free text and returns what it found (so "tomorrowish" or a typo still
// yields a time), lets Go's time.Date settle DST gaps and overlaps silently, and has its own
// idea of "next friday" and of past times. Chorus needs the opposite: the whole input must
// be one of the forms below or it is refused with a message saying what works, every
// ambiguity is settled by a rule written down here, and a wall-clock time the clocks skip
// is an error. The forms are few enough that a table and a tokenizer are shorter than the
// glue around a dependency.
package when

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// help ends every "I did not understand" error.
const help = "write e.g. now, 2h, in 3 days, tomorrow 9am, tonight, fri 10:00, next week, 18:00, dec 1 9:30 or 2026-12-01 09:00"

// maxAheadYears bounds durations, so a slip such as "9999999h" is refused rather than
// scheduled for the year 3000.
const maxAheadYears = 10

// defaultClock is the time of day used when a day is given without one.
var defaultClock = clock{h: 9}

// Parse reads s, case-insensitively, relative to now and in loc (nil means UTC), and returns
// the instant in UTC. Accepted forms (spaces, "at" and "on" are optional glue):
//
//   - "" or "now": now.
//   - Durations, bare or after "+" or "in": "2h", "90m", "1h30m", "3d", "1w", "+90m",
//     "in 2h", "in 3 days", "in 2 hours", "in 45 minutes", "in an hour",
//     "1 day 2 hours"; also fractions ("1.5h") and, after "+" or "in", anything
//     time.ParseDuration reads. Units: s, m (minutes,
//     never months), h, d, w, with long spellings. Days and weeks are calendar days in loc:
//     "3d" is the same wall-clock time three days later, 71, 72 or 73 hours away across a
//     DST change; hours, minutes and seconds are elapsed time. At most 10 years ahead.
//   - Times of day: "9am", "9:30pm", "9 pm", "12am" (00:00), "12pm" (12:00), "18:00", "9:30"
//     (24-hour, leading zero optional), "18:00:30", "noon", "midnight". A bare number ("9")
//     is refused: it could be 09:00 or 21:00.
//   - Days, each optionally with a time (before or after it):
//     "today" (needs a time), "tonight" (20:00 unless a time of 12:00 or later is given),
//     "tomorrow" (09:00 by default), "next week" (Monday of next week, weeks start on Monday),
//     weekdays "mon".."sun" and full names, "next fri",
//     dates "dec 1", "1 dec", "december 1st", "dec 1 2027", "1 dec 2027",
//     "2026-12-01", "2026-12-01 9am", "2026-12-01T09:00", "2026-12-01 09:00:00".
//     A weekday may accompany a date ("tue 1 dec") and must then match it.
//   - RFC 3339 with its own offset: "2026-12-01T09:00:00Z".
//
// Every result is strictly after now (or now itself, for "now" and zero durations), except
// for explicit absolute dates (those with a year: ISO and RFC 3339 forms, "dec 1 2025"),
// which are taken as written even if past. Ambiguity is resolved thus:
//
//   - A time alone ("9am", "noon") is today if still ahead, else tomorrow. "midnight" is
//     therefore the coming 00:00; with a day ("fri midnight") it is refused as ambiguous.
//   - "today 17:00" and "tonight" are errors once that time has passed, not tomorrow.
//   - A bare weekday ("fri") is the next such day strictly after today: on a Friday it is
//     next week's Friday. With a time ("fri 10:00") it is today if today is Friday and the
//     time is still ahead, else the next Friday. "next fri" is always strictly after
//     today, even with a time that is still ahead today; it is not "Friday of next week"
//     (on a Monday "fri" and "next fri" are the same day).
//   - A date without a year ("dec 1") is the next time that date and time comes round:
//     this year if still ahead, else next year ("feb 29": the next leap year).
//   - Numeric dates other than YYYY-MM-DD ("12/01", "1.12.", "12-01") are refused: day/month
//     or month/day cannot be told apart.
//   - A wall-clock time the clocks skip in loc (a DST gap, e.g. 02:30 on the morning clocks
//     spring forward) is an error naming the zone, never silently shifted. Go's time.Date
//     leaves the direction unspecified (in practice it moves Berlin forward and New York
//     back). A relative result landing in a gap ("1d" at 02:30) is an error too.
//   - A wall-clock time that occurs twice (the hour repeated when clocks fall back) is the
//     first occurrence, still on summer time: "2026-10-25 02:30" in Berlin is 02:30 CEST
//     (00:30 UTC). Go's time.Date picks the second one, so this is done here explicitly. The
//     one exception, for forms that must lie ahead: when the first occurrence has already
//     passed and the second has not ("2:30" typed at 02:45 CEST), the second one is meant.
func Parse(s string, now time.Time, loc *time.Location) (time.Time, error) {
	t, _, err := parse(s, now, loc)
	return t, err
}

// parse is Parse, also telling whether the input was an explicit absolute date (which may
// lie in the past).
func parse(s string, now time.Time, loc *time.Location) (t time.Time, absolute bool, err error) {
	if loc == nil {
		loc = time.UTC
	}
	in := normalize(s)
	if in == "" || in == "now" {
		return now.UTC(), false, nil
	}
	if t, err := time.Parse(time.RFC3339, strings.ToUpper(strings.TrimSpace(s))); err == nil {
		return t.UTC(), true, nil
	}
	if t, ok, err := parseDurationForm(s, in, now, loc); ok {
		return t, false, err
	}
	sp, err := scan(s, in)
	if err != nil {
		return time.Time{}, false, err
	}
	return sp.resolve(s, now, loc)
}

// normalize lower-cases s, spells a.m./p.m. as am/pm, treats commas as spaces and collapses
// runs of spaces.
func normalize(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("a.m.", "am", "p.m.", "pm", ",", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// --- durations ---

type unit struct {
	name string
	days int
	d    time.Duration
}

var units = map[string]unit{}

func init() {
	for _, u := range []struct {
		unit
		spellings string
	}{
		{unit{"w", 7, 0}, "w wk wks week weeks"},
		{unit{"d", 1, 0}, "d day days"},
		{unit{"h", 0, time.Hour}, "h hr hrs hour hours"},
		{unit{"m", 0, time.Minute}, "m min mins minute minutes"},
		{unit{"s", 0, time.Second}, "s sec secs second seconds"},
	} {
		for _, sp := range strings.Fields(u.spellings) {
			units[sp] = u.unit
		}
	}
}

// parseDurationForm handles "+…", "in …" and bare durations. ok reports whether in was
// one of those forms (a "+" or "in " prefix always is, valid or not).
func parseDurationForm(s, in string, now time.Time, loc *time.Location) (t time.Time, ok bool, err error) {
	body, explicit := in, false
	switch {
	case strings.HasPrefix(in, "+"):
		body, explicit = strings.TrimSpace(in[1:]), true
	case strings.HasPrefix(in, "in "):
		body, explicit = in[3:], true
	}
	days, d, valid := parseDuration(body, !explicit)
	if !valid {
		if explicit {
			return time.Time{}, true, fmt.Errorf("%q: not a duration (write e.g. +90m, 2h, 1h30m, 3d, 1w or in 3 days)", s)
		}
		return time.Time{}, false, nil
	}
	t = now
	if days > 0 {
		nl := now.In(loc)
		c := clock{h: nl.Hour(), m: nl.Minute(), s: nl.Second(), ns: nl.Nanosecond()}
		if t, err = first(s, nl.Year(), nl.Month(), nl.Day()+days, c, loc); err != nil {
			return time.Time{}, true, err
		}
	}
	t = t.Add(d)
	if t.After(now.AddDate(maxAheadYears, 0, 0)) {
		return time.Time{}, true, fmt.Errorf("%q: more than %d years ahead", s, maxAheadYears)
	}
	return t.UTC(), true, nil
}

// parseDuration reads "2h", "1h30m", "3 days", "2 hours and 30 minutes", "an hour": calendar
// days (from d and w) and elapsed time (from h, m, s). bare is set when there was no "+" or
// "in": then a plain number is not a duration.
func parseDuration(body string, bare bool) (days int, d time.Duration, ok bool) {
	var parts []string
	for _, f := range strings.Fields(body) {
		switch f {
		case "and":
			continue
		case "a", "an":
			f = "1"
		}
		parts = append(parts, f)
	}
	str := strings.Join(parts, "")
	if str == "" {
		return 0, 0, false
	}
	if days, d, ok := scanDuration(str); ok {
		return days, d, true
	}
	if bare && !strings.Contains(str, ".") { // bare, only fractions ("1.5h") are left to Go
		return 0, 0, false
	}
	d, err := time.ParseDuration(str)
	if err != nil || d < 0 {
		return 0, 0, false
	}
	return 0, d, true
}

// scanDuration reads number-unit pairs with integer numbers, each unit at most once.
func scanDuration(str string) (days int, d time.Duration, ok bool) {
	seen := map[string]bool{}
	for str != "" {
		i := 0
		for i < len(str) && isDigit(str[i]) {
			i++
		}
		if i == 0 || i > 6 { // six digits keep the sum far from overflowing
			return 0, 0, false
		}
		n, _ := strconv.Atoi(str[:i])
		j := i
		for j < len(str) && str[j] >= 'a' && str[j] <= 'z' {
			j++
		}
		u, found := units[str[i:j]]
		if !found || seen[u.name] {
			return 0, 0, false
		}
		seen[u.name] = true
		days += n * u.days
		d += time.Duration(n) * u.d
		str = str[j:]
	}
	return days, d, true
}

// --- days and times of day ---

type clock struct {
	h, m, s, ns int
	midnight    bool
}

func (c clock) String() string {
	if c.s != 0 {
		return fmt.Sprintf("%02d:%02d:%02d", c.h, c.m, c.s)
	}
	return fmt.Sprintf("%02d:%02d", c.h, c.m)
}

// spec is what scan found: at most one day (a word, a weekday, a date, or a date with its
// weekday) and at most one time of day.
type spec struct {
	word    string // "today", "tonight", "tomorrow", "next week"
	wd      time.Weekday
	hasWd   bool
	nextWd  bool
	hasDate bool
	year    int // 0 when not given
	month   time.Month
	day     int
	clk     *clock
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "weds": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

var months = map[string]time.Month{
	"jan": time.January, "january": time.January,
	"feb": time.February, "february": time.February,
	"mar": time.March, "march": time.March,
	"apr": time.April, "april": time.April,
	"may": time.May,
	"jun": time.June, "june": time.June,
	"jul": time.July, "july": time.July,
	"aug": time.August, "august": time.August,
	"sep": time.September, "sept": time.September, "september": time.September,
	"oct": time.October, "october": time.October,
	"nov": time.November, "november": time.November,
	"dec": time.December, "december": time.December,
}

var dayWords = map[string]string{
	"today": "today", "tonight": "tonight",
	"tomorrow": "tomorrow", "tmrw": "tomorrow", "tmr": "tomorrow",
}

// tokens splits in into words, joining "9 am" into "9am" and splitting "2026-12-01t09:00".
func tokens(in string) []string {
	f := strings.Fields(in)
	var out []string
	for i := 0; i < len(f); i++ {
		switch {
		case i+1 < len(f) && (f[i+1] == "am" || f[i+1] == "pm") && f[i] != "" && strings.Trim(f[i], "0123456789:") == "":
			out = append(out, f[i]+f[i+1])
			i++
		case len(f[i]) > 11 && f[i][10] == 't' && isISODate(f[i][:10]):
			out = append(out, f[i][:10], f[i][11:])
		default:
			out = append(out, f[i])
		}
	}
	return out
}

// scan sorts the words of in into a spec.
func scan(s, in string) (spec, error) {
	var sp spec
	twice := func() error { return fmt.Errorf("%q: gives the day twice (%s)", s, help) }
	setDate := func(y int, m time.Month, d int) error {
		if sp.hasDate || sp.word != "" || sp.nextWd {
			return twice()
		}
		sp.hasDate, sp.year, sp.month, sp.day = true, y, m, d
		return nil
	}
	toks := tokens(in)
	for i := 0; i < len(toks); i++ {
		tok := toks[i]
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		if tok == "at" || tok == "on" {
			continue
		}
		if w, ok := dayWords[tok]; ok {
			if sp.word != "" || sp.hasWd || sp.hasDate {
				return sp, twice()
			}
			sp.word = w
			continue
		}
		if tok == "next" {
			wd, isWd := weekdays[next]
			switch {
			case next == "week":
				if sp.word != "" || sp.hasWd || sp.hasDate {
					return sp, twice()
				}
				sp.word = "next week"
			case isWd:
				if sp.word != "" || sp.hasWd || sp.hasDate {
					return sp, twice()
				}
				sp.wd, sp.hasWd, sp.nextWd = wd, true, true
			default:
				return sp, fmt.Errorf("%q: next what? (write next week or next fri)", s)
			}
			i++
			continue
		}
		if wd, ok := weekdays[tok]; ok {
			if sp.word != "" || sp.hasWd {
				return sp, twice()
			}
			sp.wd, sp.hasWd = wd, true
			continue
		}
		if m, ok := months[tok]; ok {
			d, ok := dayOfMonth(next)
			if !ok {
				return sp, fmt.Errorf("%q: which day of %s? (write e.g. %s 1)", s, tok, tok)
			}
			i++
			y := 0
			if i+1 < len(toks) && isYear(toks[i+1]) {
				y, _ = strconv.Atoi(toks[i+1])
				i++
			}
			if err := setDate(y, m, d); err != nil {
				return sp, err
			}
			continue
		}
		if d, ok := dayOfMonth(tok); ok {
			if m, ok := months[next]; ok {
				i++
				y := 0
				if i+1 < len(toks) && isYear(toks[i+1]) {
					y, _ = strconv.Atoi(toks[i+1])
					i++
				}
				if err := setDate(y, m, d); err != nil {
					return sp, err
				}
				continue
			}
		}
		if isISODate(tok) {
			y, _ := strconv.Atoi(tok[:4])
			m, _ := strconv.Atoi(tok[5:7])
			d, _ := strconv.Atoi(tok[8:10])
			if err := setDate(y, time.Month(m), d); err != nil {
				return sp, err
			}
			continue
		}
		c, isClock, err := parseClock(s, tok)
		if err != nil {
			return sp, err
		}
		if isClock {
			if sp.clk != nil {
				return sp, fmt.Errorf("%q: gives the time twice (%s)", s, help)
			}
			sp.clk = &c
			continue
		}
		if allDigits(tok) && len(tok) <= 2 {
			return sp, fmt.Errorf("%q: %s alone is ambiguous (write a time such as 9am or 21:00, or a date such as dec 9)", s, tok)
		}
		if strings.Trim(tok, "0123456789/.-") == "" && strings.ContainsAny(tok, "/.-") && strings.ContainsAny(tok, "0123456789") {
			return sp, fmt.Errorf("%q: %s could be day/month or month/day (write the date as 2026-12-01 or dec 1)", s, tok)
		}
		return sp, fmt.Errorf("%q: %q is not a time I know (%s)", s, tok, help)
	}
	if sp.word == "" && !sp.hasWd && !sp.hasDate && sp.clk == nil {
		return sp, fmt.Errorf("%q: not a time (%s)", s, help)
	}
	return sp, nil
}

// parseClock reads a time of day. isClock is false for words that are not one (including
// a bare number); err is set for something shaped like a time that is not one ("25:00").
func parseClock(s, tok string) (c clock, isClock bool, err error) {
	switch tok {
	case "noon":
		return clock{h: 12}, true, nil
	case "midnight":
		return clock{midnight: true}, true, nil
	}
	body, suffix := tok, ""
	if strings.HasSuffix(tok, "am") || strings.HasSuffix(tok, "pm") {
		body, suffix = tok[:len(tok)-2], tok[len(tok)-2:]
	}
	if body == "" || strings.Trim(body, "0123456789:") != "" || (suffix == "" && !strings.Contains(body, ":")) {
		return clock{}, false, nil
	}
	bad := fmt.Errorf("%q: %s is not a time of day (write e.g. 9am, 9:30pm or 18:00)", s, tok)
	parts := strings.Split(body, ":")
	if len(parts) > 3 || len(parts[0]) < 1 || len(parts[0]) > 2 {
		return clock{}, true, bad
	}
	n := make([]int, 3)
	for i, p := range parts {
		if i > 0 && len(p) != 2 {
			return clock{}, true, bad
		}
		n[i], _ = strconv.Atoi(p)
	}
	c = clock{h: n[0], m: n[1], s: n[2]}
	if c.m > 59 || c.s > 59 {
		return clock{}, true, bad
	}
	switch suffix {
	case "":
		if c.h > 23 {
			return clock{}, true, bad
		}
	default:
		if c.h < 1 || c.h > 12 {
			return clock{}, true, bad
		}
		c.h %= 12
		if suffix == "pm" {
			c.h += 12
		}
	}
	return c, true, nil
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func isYear(s string) bool { return len(s) == 4 && allDigits(s) }

func isISODate(s string) bool {
	return len(s) == 10 && allDigits(s[:4]) && s[4] == '-' && allDigits(s[5:7]) && s[7] == '-' && allDigits(s[8:])
}

// dayOfMonth reads "1", "01", "1st", "22nd", "3rd", "30th".
func dayOfMonth(s string) (int, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if t, ok := strings.CutSuffix(s, suf); ok {
			s = t
			break
		}
	}
	if len(s) > 2 || !allDigits(s) {
		return 0, false
	}
	d, _ := strconv.Atoi(s)
	return d, d >= 1 && d <= 31
}

func validDate(y int, m time.Month, d int) bool {
	if m < time.January || m > time.December || d < 1 {
		return false
	}
	return time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Day() == d
}

// resolve turns the spec into an instant.
func (sp spec) resolve(s string, now time.Time, loc *time.Location) (time.Time, bool, error) {
	nl := now.In(loc)
	y, m, d := nl.Date()
	c := defaultClock
	if sp.clk != nil {
		c = *sp.clk
		if c.midnight && (sp.word != "" || sp.hasWd || sp.hasDate) {
			return time.Time{}, false, fmt.Errorf("%q: midnight of a day is ambiguous (write 00:00 for its start or 23:59 for its end)", s)
		}
	}
	past := func() error {
		return fmt.Errorf("%q: %s today has already passed (it is %s in %s; write tomorrow %s)", s, c, nl.Format("15:04"), loc, c)
	}
	switch {
	case sp.hasDate:
		return sp.resolveDate(s, c, now, loc)
	case sp.word == "today":
		if sp.clk == nil {
			return time.Time{}, false, fmt.Errorf("%q: today at what time? (write e.g. today 17:00)", s)
		}
		t, ok, err := ahead(s, y, m, d, c, now, loc)
		if err == nil && !ok {
			err = past()
		}
		return t, false, err
	case sp.word == "tonight":
		if sp.clk == nil {
			c = clock{h: 20}
		} else if c.h < 12 {
			return time.Time{}, false, fmt.Errorf("%q: tonight means this evening (write e.g. tonight 9pm, or tomorrow %s)", s, c)
		}
		t, ok, err := ahead(s, y, m, d, c, now, loc)
		if err == nil && !ok {
			err = past()
		}
		return t, false, err
	case sp.word == "tomorrow":
		t, err := first(s, y, m, d+1, c, loc)
		return t, false, err
	case sp.word == "next week":
		iso := (int(nl.Weekday())+6)%7 + 1 // Monday 1 … Sunday 7
		t, err := first(s, y, m, d+8-iso, c, loc)
		return t, false, err
	case sp.hasWd:
		delta := (int(sp.wd) - int(nl.Weekday()) + 7) % 7
		if delta == 0 && sp.clk != nil && !sp.nextWd {
			if t, ok, err := ahead(s, y, m, d, c, now, loc); err != nil || ok {
				return t, false, err
			}
		}
		if delta == 0 {
			delta = 7
		}
		t, err := first(s, y, m, d+delta, c, loc)
		return t, false, err
	default: // a time of day alone
		if t, ok, err := ahead(s, y, m, d, c, now, loc); err != nil || ok {
			return t, false, err
		}
		t, err := first(s, y, m, d+1, c, loc)
		return t, false, err
	}
}

// resolveDate handles "dec 1", "1 dec 2027" and "2026-12-01", checking a weekday given with
// the date.
func (sp spec) resolveDate(s string, c clock, now time.Time, loc *time.Location) (t time.Time, absolute bool, err error) {
	if sp.year != 0 {
		if !validDate(sp.year, sp.month, sp.day) {
			return time.Time{}, false, fmt.Errorf("%q: there is no %04d-%02d-%02d", s, sp.year, int(sp.month), sp.day)
		}
		t, err = first(s, sp.year, sp.month, sp.day, c, loc)
		absolute = true
	} else {
		if !validDate(2000, sp.month, sp.day) { // 2000 is a leap year: any real day fits
			return time.Time{}, false, fmt.Errorf("%q: %s has no day %d", s, sp.month, sp.day)
		}
		found := false
		for y := now.In(loc).Year(); y <= now.In(loc).Year()+8 && !found && err == nil; y++ {
			if validDate(y, sp.month, sp.day) {
				t, found, err = ahead(s, y, sp.month, sp.day, c, now, loc)
			}
		}
		if err == nil && !found { // unreachable: some year within eight holds the date
			err = fmt.Errorf("%q: not a time (%s)", s, help)
		}
	}
	if err != nil {
		return time.Time{}, false, err
	}
	if sp.hasWd {
		if got := t.In(loc).Weekday(); got != sp.wd {
			return time.Time{}, false, fmt.Errorf("%q: %s is a %s, not a %s", s, t.In(loc).Format("2 Jan 2006"), got, sp.wd)
		}
	}
	return t, absolute, nil
}

// --- wall clock to instant ---

// gapError reports a wall-clock time the clocks skip in a zone.
type gapError struct {
	wall     string
	loc      *time.Location
	from, to string    // the clock readings either side of the jump, when known
	at       time.Time // the instant of the jump (or near it)
}

func (e *gapError) Error() string {
	if e.from != "" {
		return fmt.Sprintf("%s does not exist in %s (the clocks skip from %s to %s for daylight saving)", e.wall, e.loc, e.from, e.to)
	}
	return fmt.Sprintf("%s does not exist in %s (the clocks skip it for daylight saving)", e.wall, e.loc)
}

func offset(t time.Time, loc *time.Location) int {
	_, off := t.In(loc).Zone()
	return off
}

// occurrences returns, earliest first, the instants at which clocks in loc read c on the
// civil day y-m-d (normalised, so d may overflow the month): none in a DST gap, two in an
// overlap, else one. Go's time.Date picks one of them, or shifts a gap, without saying so.
func occurrences(y int, m time.Month, d int, c clock, loc *time.Location) ([]time.Time, *gapError) {
	wall := time.Date(y, m, d, c.h, c.m, c.s, c.ns, time.UTC) // the reading, as if in UTC
	y, m, d = wall.Date()
	t := time.Date(y, m, d, c.h, c.m, c.s, c.ns, loc)
	offs := []int{offset(t, loc)}
	var bounds []time.Time
	start, end := t.ZoneBounds()
	if !start.IsZero() {
		offs = append(offs, offset(start.Add(-time.Nanosecond), loc))
		bounds = append(bounds, start)
	}
	if !end.IsZero() {
		offs = append(offs, offset(end, loc))
		bounds = append(bounds, end)
	}
	var out []time.Time
	for _, o := range offs {
		cand := wall.Add(-time.Duration(o) * time.Second).In(loc)
		cy, cm, cd := cand.Date()
		ch, cmin, cs := cand.Clock()
		if cy == y && cm == m && cd == d && ch == c.h && cmin == c.m && cs == c.s &&
			!slices.ContainsFunc(out, cand.Equal) {
			out = append(out, cand)
		}
	}
	if len(out) > 0 {
		slices.SortFunc(out, time.Time.Compare)
		return out, nil
	}
	g := &gapError{wall: wall.Format("2006-01-02 15:04"), loc: loc, at: t}
	for _, b := range bounds {
		before, after := offset(b.Add(-time.Nanosecond), loc), offset(b, loc)
		from := b.UTC().Add(time.Duration(before) * time.Second)
		to := b.UTC().Add(time.Duration(after) * time.Second)
		if !wall.Before(from) && wall.Before(to) {
			g.from, g.to, g.at = from.Format("15:04"), to.Format("15:04"), b
			break
		}
	}
	return nil, g
}

// first returns the first instant at which clocks in loc read c on day y-m-d, in UTC.
func first(s string, y int, m time.Month, d int, c clock, loc *time.Location) (time.Time, error) {
	ts, gap := occurrences(y, m, d, c, loc)
	if gap != nil {
		return time.Time{}, fmt.Errorf("%q: %w", s, gap)
	}
	return ts[0].UTC(), nil
}

// ahead returns the first instant after now at which clocks in loc read c on day y-m-d;
// ok is false when there is none. A gap that is still ahead is an error; one already
// passed just means there is no such instant.
func ahead(s string, y int, m time.Month, d int, c clock, now time.Time, loc *time.Location) (t time.Time, ok bool, err error) {
	ts, gap := occurrences(y, m, d, c, loc)
	if gap != nil {
		if gap.at.After(now) {
			return time.Time{}, false, fmt.Errorf("%q: %w", s, gap)
		}
		return time.Time{}, false, nil
	}
	for _, t := range ts {
		if t.After(now) {
			return t.UTC(), true, nil
		}
	}
	return time.Time{}, false, nil
}

// --- showing a time back ---

// Describe shows t for confirmation, in loc (nil means UTC) relative to now: the day
// ("today", "tomorrow", "yesterday", else "Tue 1 Dec", with the year when it is not now's),
// the wall-clock time, the zone abbreviation (CET/CEST tells a repeated hour apart; it is
// also marked "first of two" or "second of two") and the distance from now:
//
//	today 17:00 CET (in 7h)
//	tomorrow 09:00 CET (in 23h)
//	Fri 4 Dec 10:00 CET (in 4d)
//	Tue 5 Jan 2027 09:00 CET (in 35d)
//	tomorrow 02:30 CEST, first of two (in 16h30m)
func Describe(t time.Time, now time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	lt, ln := t.In(loc), now.In(loc)
	day := lt.Format("Mon 2 Jan")
	if lt.Year() != ln.Year() {
		day = lt.Format("Mon 2 Jan 2006")
	}
	ty, tm, td := lt.Date()
	ny, nm, nd := ln.Date()
	switch time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC).Sub(time.Date(ny, nm, nd, 0, 0, 0, 0, time.UTC)) {
	case 0:
		day = "today"
	case 24 * time.Hour:
		day = "tomorrow"
	case -24 * time.Hour:
		day = "yesterday"
	}
	zone := lt.Format("15:04 MST")
	if ts, _ := occurrences(ty, tm, td, clock{h: lt.Hour(), m: lt.Minute(), s: lt.Second(), ns: lt.Nanosecond()}, loc); len(ts) == 2 {
		if ts[0].Equal(t) {
			zone += ", first of two"
		} else {
			zone += ", second of two"
		}
	}
	return fmt.Sprintf("%s %s (%s)", day, zone, distance(t.Sub(now)))
}

// distance writes d as "in 2h30m", "in 4d", "5m ago" or "now", to the minute.
func distance(d time.Duration) string {
	d = d.Round(time.Minute)
	if d == 0 {
		return "now"
	}
	ago := d < 0
	if ago {
		d = -d
	}
	var s string
	switch days, h, m := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute); {
	case d < time.Hour:
		s = fmt.Sprintf("%dm", m)
	case d < 24*time.Hour && m != 0:
		s = fmt.Sprintf("%dh%dm", h, m)
	case d < 24*time.Hour:
		s = fmt.Sprintf("%dh", h)
	case days < 7 && h != 0:
		s = fmt.Sprintf("%dd %dh", days, h)
	default:
		s = fmt.Sprintf("%dd", days)
	}
	if ago {
		return s + " ago"
	}
	return "in " + s
}
