package blueskytest

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Post is the part of an app.bsky.feed.post record the server checks and reads.
type Post struct {
	Type      string   `json:"$type"`
	Text      *string  `json:"text"`
	CreatedAt string   `json:"createdAt"`
	Facets    []Facet  `json:"facets"`
	Reply     *Reply   `json:"reply"`
	Embed     *Embed   `json:"embed"`
	Langs     []string `json:"langs"`
}

// Facet is app.bsky.richtext.facet.
type Facet struct {
	Index struct {
		ByteStart int `json:"byteStart"`
		ByteEnd   int `json:"byteEnd"`
	} `json:"index"`
	Features []struct {
		Type string `json:"$type"`
		URI  string `json:"uri"`
		DID  string `json:"did"`
		Tag  string `json:"tag"`
	} `json:"features"`
}

// Ref is com.atproto.repo.strongRef.
type Ref struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

// Reply is app.bsky.feed.post#replyRef.
type Reply struct {
	Root   *Ref `json:"root"`
	Parent *Ref `json:"parent"`
}

// Embed is the union of the embeds the server reads.
type Embed struct {
	Type   string `json:"$type"`
	Images []struct {
		Image       *Blob   `json:"image"`
		Alt         *string `json:"alt"`
		AspectRatio *struct {
			Width  int `json:"width"`
			Height int `json:"height"`
		} `json:"aspectRatio"`
	} `json:"images"`
	External *struct {
		URI         *string `json:"uri"`
		Title       *string `json:"title"`
		Description *string `json:"description"`
		Thumb       *Blob   `json:"thumb"`
	} `json:"external"`
	Record *Ref `json:"record"`
}

// Blob is a blob ref in a record.
type Blob struct {
	Type string `json:"$type"`
	Ref  struct {
		Link string `json:"$link"`
	} `json:"ref"`
	MimeType string `json:"mimeType"`
	Size     int64  `json:"size"`
}

// validateRecord checks a record as the PDS's lexicon validation does, and more: facets
// must cover the text they claim, which the PDS leaves to clients but a wrong offset
// shows as a broken link in every app.
func (s *Server) validateRecord(a *Account, collection string, raw json.RawMessage) *xrpcError {
	bad := func(format string, args ...any) *xrpcError {
		return invalid("Invalid "+collection+" record: "+format, args...)
	}
	switch collection {
	case "app.bsky.feed.post":
		var p Post
		if err := json.Unmarshal(raw, &p); err != nil {
			return bad("%v", err)
		}
		if p.Text == nil {
			return bad(`Missing required key "text" at $.record`)
		}
		if err := checkDatetime(p.CreatedAt); err != "" {
			return bad("Record/createdAt %s", err)
		}
		if n := uniseg.GraphemeClusterCount(*p.Text); n > 300 {
			return bad("grapheme too big (maximum 300, got %d) at $.record.text", n)
		}
		if n := len(*p.Text); n > 3000 {
			return bad("string too long (maximum 3000, got %d) at $.record.text", n)
		}
		if len(p.Langs) > 3 {
			return bad("Record/langs must not have more than 3 elements")
		}
		if msg := s.checkFacets(*p.Text, p.Facets); msg != "" {
			return bad("%s", msg)
		}
		if p.Reply != nil {
			for name, ref := range map[string]*Ref{"root": p.Reply.Root, "parent": p.Reply.Parent} {
				if msg := s.checkRef(ref); msg != "" {
					return bad("Record/reply/%s %s", name, msg)
				}
			}
		}
		if p.Embed != nil {
			if msg := s.checkEmbed(a, p.Embed); msg != "" {
				return bad("Record/embed %s", msg)
			}
		}
	case "app.bsky.feed.like", "app.bsky.feed.repost":
		var l struct {
			Subject   *Ref   `json:"subject"`
			CreatedAt string `json:"createdAt"`
		}
		if err := json.Unmarshal(raw, &l); err != nil {
			return bad("%v", err)
		}
		if msg := s.checkRef(l.Subject); msg != "" {
			return bad("Record/subject %s", msg)
		}
		if err := checkDatetime(l.CreatedAt); err != "" {
			return bad("Record/createdAt %s", err)
		}
	}
	return nil
}

func checkDatetime(v string) string {
	if v == "" {
		return "must be present"
	}
	if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
		return "must be an valid atproto datetime (both RFC-3339 and ISO-8601)"
	}
	return ""
}

// checkRef checks a strong ref names an existing record by its current CID. The reference
// PDS accepts refs to records it cannot see, since they may live on another PDS; this
// server holds the whole network, so it refuses them: a wrong ref breaks the thread (or
// the like) in every app.
func (s *Server) checkRef(ref *Ref) string {
	if ref == nil || ref.URI == "" || ref.CID == "" {
		return `must have the properties "uri" and "cid"`
	}
	rec := s.records[ref.URI]
	if rec == nil {
		return "points at no record: " + ref.URI
	}
	if rec.CID != ref.CID {
		return "has cid " + ref.CID + " but the record's is " + rec.CID
	}
	return ""
}

// checkFacets checks byte ranges (inside the text, on character boundaries, in order and
// without overlap) and that each covers what its feature says.
func (s *Server) checkFacets(text string, facets []Facet) string {
	sorted := append([]Facet(nil), facets...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Index.ByteStart < sorted[j].Index.ByteStart })
	end := 0
	for _, f := range sorted {
		st, en := f.Index.ByteStart, f.Index.ByteEnd
		if st < 0 || en > len(text) || st >= en {
			return "Record/facets byte range [" + itoa(st) + "," + itoa(en) + ") is outside the text of " + itoa(len(text)) + " bytes"
		}
		if !utf8.RuneStart(text[st]) || (en < len(text) && !utf8.RuneStart(text[en])) {
			return "Record/facets byte range [" + itoa(st) + "," + itoa(en) + ") splits a character"
		}
		if st < end {
			return "Record/facets overlap at byte " + itoa(st)
		}
		end = en
		if len(f.Features) == 0 {
			return "Record/facets/features must not be empty"
		}
		covered := text[st:en]
		for _, ft := range f.Features {
			switch ft.Type {
			case "app.bsky.richtext.facet#link":
				if ft.URI != covered && ft.URI != "https://"+covered && ft.URI != "http://"+covered {
					return "Record/facets link " + ft.URI + " covers " + quote(covered)
				}
			case "app.bsky.richtext.facet#mention":
				a := s.accounts[ft.DID]
				if a == nil {
					return "Record/facets mention of unknown " + ft.DID
				}
				if !strings.EqualFold(covered, "@"+a.Handle) {
					return "Record/facets mention of @" + a.Handle + " covers " + quote(covered)
				}
			case "app.bsky.richtext.facet#tag":
				if ft.Tag == "" || (covered != "#"+ft.Tag && covered != "＃"+ft.Tag) {
					return "Record/facets tag " + quote(ft.Tag) + " covers " + quote(covered)
				}
			default:
				return "Record/facets feature of unknown type " + ft.Type
			}
		}
	}
	return ""
}

// checkEmbed checks images (uploaded by the author, images, under the size limit, with
// alt text) and external cards (uri, title and description present).
func (s *Server) checkEmbed(a *Account, e *Embed) string {
	switch e.Type {
	case "app.bsky.embed.images":
		if len(e.Images) == 0 || len(e.Images) > 4 {
			return "/images must have 1 to 4 elements"
		}
		for i, im := range e.Images {
			where := "/images/" + itoa(i)
			if im.Alt == nil {
				return where + ` must have the property "alt"`
			}
			if msg := s.checkBlob(a, im.Image, s.ImageMaxSize); msg != "" {
				return where + "/image " + msg
			}
			if ar := im.AspectRatio; ar != nil && (ar.Width < 1 || ar.Height < 1) {
				return where + "/aspectRatio must be at least 1 by 1"
			}
		}
	case "app.bsky.embed.external":
		x := e.External
		if x == nil || x.URI == nil || x.Title == nil || x.Description == nil {
			return `/external must have the properties "uri", "title" and "description"`
		}
		if !strings.Contains(*x.URI, "://") {
			return "/external/uri must be a uri"
		}
		if x.Thumb != nil {
			if msg := s.checkBlob(a, x.Thumb, 1_000_000); msg != "" {
				return "/external/thumb " + msg
			}
		}
	case "app.bsky.embed.record":
		if msg := s.checkRef(e.Record); msg != "" {
			return "/record " + msg
		}
	default:
		return "of unknown type " + e.Type
	}
	return ""
}

func (s *Server) checkBlob(a *Account, b *Blob, maxSize int64) string {
	if b == nil || b.Type != "blob" || b.Ref.Link == "" {
		return "must be a blob ref"
	}
	info, ok := s.blobs[b.Ref.Link]
	if !ok || info.did != a.DID {
		return "refers to a blob the author never uploaded: " + b.Ref.Link
	}
	if !strings.HasPrefix(b.MimeType, "image/") || b.MimeType != info.mime {
		return "mimeType " + b.MimeType + " is not an image/* as uploaded"
	}
	if info.size > maxSize {
		return "is too big (" + itoa(int(info.size)) + " bytes, at most " + itoa(int(maxSize)) + ")"
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
