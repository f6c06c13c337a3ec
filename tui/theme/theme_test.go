package theme

import (
	"strings"
	"testing"

	"github.com/chorus-social/chorus/social"
)

// Without colour a status must still read as itself: each has its own marker and word.
func TestEveryStatusHasItsOwnTextMarker(t *testing.T) {
	seen := map[string]social.Status{}
	for _, s := range social.Statuses {
		label := StatusLabel(s)
		mark, word, ok := strings.Cut(label, " ")
		if !ok || word != string(s) || mark == "" {
			t.Errorf("StatusLabel(%s) = %q, want a marker and the word", s, label)
		}
		if other, dup := seen[mark]; dup {
			t.Errorf("%s and %s share the marker %q", s, other, mark)
		}
		seen[mark] = s
	}
}

func TestLightAndDarkDiffer(t *testing.T) {
	if New(true).Error.GetForeground() == New(false).Error.GetForeground() {
		t.Error("the error colour is the same on light and dark backgrounds")
	}
}
