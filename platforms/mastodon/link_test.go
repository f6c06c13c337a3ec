package mastodon

import (
	"net/http"
	"reflect"
	"testing"
)

func TestParseLink(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []string
		want map[string]string
	}{
		{
			"mastodon notifications",
			[]string{`<https://mastodon.example/api/v1/notifications?max_id=34975535>; rel="next", <https://mastodon.example/api/v1/notifications?min_id=34975861>; rel="prev"`},
			map[string]string{
				"next": "https://mastodon.example/api/v1/notifications?max_id=34975535",
				"prev": "https://mastodon.example/api/v1/notifications?min_id=34975861",
			},
		},
		{
			"array params and commas in the URL",
			[]string{`<https://m.example/api/v1/notifications?types%5B%5D=mention&types[]=follow,x&max_id=9>; rel="next"`},
			map[string]string{"next": "https://m.example/api/v1/notifications?types%5B%5D=mention&types[]=follow,x&max_id=9"},
		},
		{"unquoted rel, extra params", []string{`<https://a/x?max_id=1>; title="older"; rel=next`}, map[string]string{"next": "https://a/x?max_id=1"}},
		{"two headers", []string{`<https://a/1>; rel="next"`, `<https://a/2>; rel="prev"`}, map[string]string{"next": "https://a/1", "prev": "https://a/2"}},
		{"several rels", []string{`<https://a/1>; rel="prev previous"`}, map[string]string{"prev": "https://a/1", "previous": "https://a/1"}},
		{"first wins", []string{`<https://a/1>; rel="next", <https://a/2>; rel="next"`}, map[string]string{"next": "https://a/1"}},
		{"no rel", []string{`<https://a/1>`}, map[string]string{}},
		{"empty", nil, map[string]string{}},
		{"garbage", []string{`rel="next" <unclosed`}, map[string]string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for _, v := range tc.in {
				h.Add("Link", v)
			}
			if got := parseLink(h); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("parseLink(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestNewerCursor(t *testing.T) {
	link := http.Header{"Link": {`<https://m/api/v1/notifications?max_id=100>; rel="next", <https://m/api/v1/notifications?min_id=250>; rel="prev"`}}
	for _, tc := range []struct {
		name string
		h    http.Header
		ids  []string
		old  string
		want string
	}{
		{"from the prev link", link, []string{"250", "100"}, "", "250"},
		{"no link: newest id, by length first", http.Header{}, []string{"99", "100", "98"}, "", "100"},
		{"no link, no items: old cursor stays", http.Header{}, nil, "77", "77"},
		{"old cursor newer than items", http.Header{}, []string{"5"}, "6", "6"},
		{"since_id link", http.Header{"Link": {`<https://m/x?since_id=42>; rel="prev"`}}, nil, "", "42"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := newerCursor(tc.h, tc.ids, tc.old); got != tc.want {
				t.Errorf("newerCursor = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestIDLess(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"9", "10", true}, {"10", "9", false}, {"103186126728896492", "103186126728896493", true},
		{"abc", "abd", true}, {"5", "5", false},
	} {
		if got := idLess(tc.a, tc.b); got != tc.want {
			t.Errorf("idLess(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}
