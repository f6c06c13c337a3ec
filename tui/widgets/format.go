package widgets

import (
	"strconv"
	"time"
)

// Age is a compact age for list columns: "now", "3m", "2h", "5d", "2y".
func Age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 24*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	case d < 365*24*time.Hour:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	default:
		return strconv.Itoa(int(d/(365*24*time.Hour))) + "y"
	}
}

// Count formats a number with thousands separators: 12345 → "12,345".
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "−" + string(out)
	}
	return string(out)
}

// Change formats a difference with its sign: "+120", "−4", "±0". The minus is U+2212,
// the width of a plus, so columns of changes line up.
func Change(d int64) string {
	switch {
	case d > 0:
		return "+" + Count(d)
	case d < 0:
		return Count(d)
	default:
		return "±0"
	}
}
