package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/chorus-social/chorus/social"
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// numHandleStyles is how many ways people build handles from their names.
const numHandleStyles = 8

// handleFor builds a handle the way people do: "mariagarcia", "maria_garcia", "maria.g7", …
func handleFor(style int, first, last string, n int) string {
	f, l, num := asciiLower(first), asciiLower(last), strconv.Itoa(n)
	switch style % numHandleStyles {
	case 0:
		return f + l
	case 1:
		return f + "_" + l
	case 2:
		return f + "." + l
	case 3:
		return f + num
	case 4:
		return f + l[:1] + num
	case 5:
		return "the" + f
	case 6:
		return f + "_" + l + num
	default:
		return l + f
	}
}

// asciiLower lower-cases a name and folds the accents our name lists use.
func asciiLower(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'ü':
			r = 'u'
		case 'é':
			r = 'e'
		case 'ö':
			r = 'o'
		case ' ':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// filler fills templates with one industry's words, drawing from r.
type filler struct {
	r     *rand.Rand
	ind   *industry
	brand string // our account as written in a mention: "@acme@social.demo"
	site  string // the client's web address for brand posts
}

// articles tidies where a template's article meets a product that brings its own
// ("the {product}" with "the travel card").
var articles = strings.NewReplacer("the the ", "the ", "The the ", "The ", " a the ", " the ")

// fill replaces each {placeholder}; unknown ones stay as written.
func (f filler) fill(tmpl string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			b.WriteString(tmpl)
			return articles.Replace(b.String())
		}
		end := strings.IndexByte(tmpl[open:], '}')
		if end < 0 {
			b.WriteString(tmpl)
			return articles.Replace(b.String())
		}
		b.WriteString(tmpl[:open])
		b.WriteString(f.word(tmpl[open+1 : open+end]))
		tmpl = tmpl[open+end+1:]
	}
}

func (f filler) word(name string) string {
	switch name {
	case "brand":
		return f.brand
	case "product":
		return pick(f.r, f.ind.products)
	case "product2":
		return pick(f.r, f.ind.products)
	case "feature":
		return pick(f.r, f.ind.features)
	case "issue":
		return pick(f.r, f.ind.issues)
	case "event":
		return pick(f.r, f.ind.events)
	case "topic":
		return pick(f.r, f.ind.topics)
	case "city":
		return pick(f.r, cities)
	case "day":
		return pick(f.r, weekdays)
	case "order":
		return "#" + strconv.Itoa(10000+f.r.IntN(90000))
	case "tag":
		return pick(f.r, f.ind.tags)
	case "url":
		return fmt.Sprintf("%s/%s", f.site, pick(f.r, []string{"new", "blog", "events", "jobs", "shop", "guide"}))
	}
	return "{" + name + "}"
}

// decorate adds what people add: an emoji, a hashtag, now and then a link to a photo.
func (f filler) decorate(s string, angry bool) string {
	if u := f.r.Float64(); u < 0.3 {
		if angry {
			s += " " + pick(f.r, angryEmoji)
		} else {
			s += " " + pick(f.r, emoji)
		}
	}
	if f.r.Float64() < 0.15 {
		s += " " + pick(f.r, f.ind.tags)
	}
	if f.r.Float64() < 0.05 {
		s += fmt.Sprintf(" https://photos.example/%x", f.r.Uint32())
	}
	return s
}

// PostText returns a plausible brand post for a client: launches, tips, events, hiring,
// holidays, stories and questions to the audience, with hashtags and sometimes a link
// to the client's site. Equal (seed, client id, i) give equal text.
func (g *Generator) PostText(client social.Client, i int) string {
	r := g.rng(client.ID, saltPostText, int64(i))
	ind := g.industryFor(client.ID, client.Name)
	f := filler{r: r, ind: ind, site: "https://" + siteName(client) + ".example"}
	u, kind := r.Float64(), 0
	for acc := 0.0; kind < len(postKindWeights)-1; kind++ {
		acc += postKindWeights[kind]
		if u < acc {
			break
		}
	}
	s := f.fill(pick(r, postKinds[kind]))
	if r.Float64() < 0.25 {
		s += " " + pick(r, []string{"✨", "🎉", "🙌", "❤️", "👇", "📣"})
	}
	// Hashtags: zero to three, never the same twice.
	n := r.IntN(4)
	seen := map[string]bool{}
	var tags []string
	for range n {
		t := pick(r, ind.tags)
		if !seen[t] {
			seen[t] = true
			tags = append(tags, t)
		}
	}
	if len(tags) > 0 {
		s += "\n\n" + strings.Join(tags, " ")
	}
	return s
}

// siteName turns a client into a host name: "Bloom Bakery" → "bloombakery".
func siteName(c social.Client) string {
	src := c.Name
	if src == "" {
		src = c.ID
	}
	var b strings.Builder
	for _, r := range strings.ToLower(src) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "brand"
	}
	return b.String()
}
