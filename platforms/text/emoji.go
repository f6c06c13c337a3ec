package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// pictographic approximates Unicode's Extended_Pictographic property, which uniseg uses
// but does not export. © and ® are left out: twitter-text and most platforms count them
// as plain text unless a variation selector asks for emoji presentation.
var pictographic = &unicode.RangeTable{
	R16: []unicode.Range16{
		{0x203C, 0x203C, 1}, {0x2049, 0x2049, 1}, {0x2122, 0x2122, 1}, {0x2139, 0x2139, 1},
		{0x2194, 0x2199, 1}, {0x21A9, 0x21AA, 1}, {0x231A, 0x231B, 1}, {0x2328, 0x2328, 1},
		{0x2388, 0x2388, 1}, {0x23CF, 0x23CF, 1}, {0x23E9, 0x23F3, 1}, {0x23F8, 0x23FA, 1},
		{0x24C2, 0x24C2, 1}, {0x25AA, 0x25AB, 1}, {0x25B6, 0x25B6, 1}, {0x25C0, 0x25C0, 1},
		{0x25FB, 0x25FE, 1}, {0x2600, 0x27BF, 1}, {0x2934, 0x2935, 1}, {0x2B05, 0x2B07, 1},
		{0x2B1B, 0x2B1C, 1}, {0x2B50, 0x2B50, 1}, {0x2B55, 0x2B55, 1}, {0x3030, 0x3030, 1},
		{0x303D, 0x303D, 1}, {0x3297, 0x3297, 1}, {0x3299, 0x3299, 1},
	},
	R32: []unicode.Range32{
		{0x1F000, 0x1FAFF, 1}, {0x1FC00, 0x1FFFD, 1},
	},
}

const (
	textStyle  = '\ufe0e' // VS15: show as text
	emojiStyle = '\ufe0f' // VS16: show as emoji
	combKeycap = '\u20e3'
)

// isEmoji reports whether a grapheme cluster is one emoji: a pictograph (alone or with a
// skin tone, VS16 or ZWJ partners), a flag (regional indicators, which sit in the
// pictographic range, or a tag sequence), a keycap, or © and ® with VS16. A pictograph
// asking for text presentation (VS15) is text.
func isEmoji(cluster string) bool {
	first, size := utf8.DecodeRuneInString(cluster)
	rest := cluster[size:]
	switch {
	case strings.ContainsRune(rest, textStyle):
		return false
	case unicode.Is(pictographic, first):
		return true
	case first == '#' || first == '*' || ('0' <= first && first <= '9'):
		return strings.ContainsRune(rest, combKeycap)
	case first == '©' || first == '®':
		return strings.ContainsRune(rest, emojiStyle)
	}
	return false
}
