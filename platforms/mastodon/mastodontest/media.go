package mastodontest

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"
)

// supportedTypes are the upload types the instance announces and takes.
var supportedTypes = []string{"image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4", "audio/mpeg"}

// upload is POST /api/v2/media: a multipart "file" with a type the instance takes and
// content that matches it, an optional "description" within the limit. The upload is
// processed in the background: 202 with url null, until MediaPolls GETs have passed.
func (s *Server) upload(c *call) {
	owner := c.auth("write:media")
	if owner == nil {
		return
	}
	if err := c.r.ParseMultipartForm(32 << 20); err != nil {
		c.fail(http.StatusUnprocessableEntity, "Validation failed: File can't be blank")
		return
	}
	f, hdr, err := c.r.FormFile("file")
	if err != nil {
		c.fail(http.StatusUnprocessableEntity, "Validation failed: File can't be blank")
		return
	}
	defer f.Close()
	data, _ := io.ReadAll(f)
	declared := hdr.Header.Get("Content-Type")
	sniffed, _, _ := strings.Cut(http.DetectContentType(data), ";")
	if !slices.Contains(supportedTypes, declared) || (strings.HasPrefix(sniffed, "image/") && sniffed != declared) {
		c.fail(http.StatusUnprocessableEntity, "Validation failed: File content type is invalid, File is invalid")
		return
	}
	if int64(len(data)) > s.opts.ImageSizeLimit && strings.HasPrefix(declared, "image/") {
		c.fail(http.StatusUnprocessableEntity, fmt.Sprintf("Validation failed: File file size must be less than %d Bytes", s.opts.ImageSizeLimit))
		return
	}
	desc := c.r.FormValue("description")
	if utf8.RuneCountInString(desc) > s.opts.DescriptionLimit {
		c.fail(http.StatusUnprocessableEntity, fmt.Sprintf("Validation failed: Description is too long (maximum is %d characters)", s.opts.DescriptionLimit))
		return
	}
	kind, _, _ := strings.Cut(declared, "/")
	s.seq += 1 << 16
	m := &media{id: s.seq, owner: owner, kind: kind, desc: desc, pollsLeft: s.opts.MediaPolls}
	s.media[m.id] = m
	status := http.StatusOK
	if m.pollsLeft > 0 {
		status = http.StatusAccepted
	}
	c.json(status, s.mediaJSON(m))
}

// getMedia is GET /api/v1/media/:id: 206 with an empty body while processing, then the
// attachment with its url.
func (s *Server) getMedia(c *call, id string) {
	owner := c.auth("write:media")
	if owner == nil {
		return
	}
	n, _ := parseID(id)
	m := s.media[n]
	if m == nil || m.owner != owner {
		c.fail(http.StatusNotFound, "Record not found")
		return
	}
	if m.pollsLeft > 0 {
		m.pollsLeft--
		c.w.WriteHeader(http.StatusPartialContent)
		return
	}
	c.json(http.StatusOK, s.mediaJSON(m))
}
