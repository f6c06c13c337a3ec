package bluesky

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // image.DecodeConfig reads the sizes of GIF, JPEG and PNG images
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"os"
	"strings"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/text"
	"github.com/chorus-social/chorus/social"
)

// Images go up with com.atproto.repo.uploadBlob (raw bytes, the image's Content-Type) and
// are referenced from the post's app.bsky.embed.images embed with their alt text and
// aspect ratio (lexicons/app/bsky/embed/images.json). A blob no record references is
// deleted by the PDS after a while, so uploading again on a retry is harmless: the blob
// is addressed by its hash.

// imagesEmbed is app.bsky.embed.images.
type imagesEmbed struct {
	Type   string       `json:"$type"`
	Images []embedImage `json:"images"`
}

type embedImage struct {
	Image       json.RawMessage `json:"image"` // the blob ref exactly as uploadBlob answered it
	Alt         string          `json:"alt"`
	AspectRatio *aspectRatio    `json:"aspectRatio,omitempty"`
}

// aspectRatio is app.bsky.embed.defs#aspectRatio.
type aspectRatio struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

// checkMedia refuses, before anything is sent, images Bluesky would refuse: too many, too
// big, not images, or with alt text over the limit. A refused image is an error the user
// sees, never an image silently left out.
func (ad *Adapter) checkMedia(part int, media []social.Media) error {
	if len(media) > MaxImages {
		return &platforms.RejectedError{Reason: fmt.Sprintf("part %d has %d images; Bluesky takes at most %d", part+1, len(media), MaxImages)}
	}
	for j, m := range media {
		which := fmt.Sprintf("image %d of part %d", j+1, part+1)
		if m.Path == "" {
			return &platforms.RejectedError{Reason: which + " has no file"}
		}
		if m.Mime != "" && !strings.HasPrefix(m.Mime, "image/") {
			return &platforms.RejectedError{Reason: fmt.Sprintf("%s is %s; the Bluesky adapter posts images only", which, m.Mime)}
		}
		if n := text.Graphemes(m.Alt); n > MaxAltText {
			return &platforms.RejectedError{Reason: fmt.Sprintf("the alt text of %s is %d long; Bluesky takes at most %d", which, n, MaxAltText)}
		}
		fi, err := os.Stat(m.Path)
		if err != nil {
			return &platforms.RejectedError{Reason: fmt.Sprintf("%s: %v", which, err)}
		}
		if fi.Size() > ad.opt.maxImage {
			return ad.tooBig(which, fi.Size())
		}
	}
	return nil
}

func (ad *Adapter) tooBig(which string, size int64) error {
	return &platforms.RejectedError{Reason: fmt.Sprintf("%s is %d bytes; Bluesky takes images up to %d bytes: resize or compress it",
		which, size, ad.opt.maxImage)}
}

// imagesEmbed uploads the images of part i and returns the embed that shows them.
func (ad *Adapter) imagesEmbed(ctx context.Context, acct social.Account, part int, media []social.Media) (*imagesEmbed, error) {
	e := &imagesEmbed{Type: "app.bsky.embed.images"}
	for j, m := range media {
		which := fmt.Sprintf("image %d of part %d", j+1, part+1)
		data, err := os.ReadFile(m.Path)
		if err != nil {
			return nil, &platforms.RejectedError{Reason: fmt.Sprintf("%s: %v", which, err)}
		}
		if int64(len(data)) > ad.opt.maxImage {
			return nil, ad.tooBig(which, int64(len(data)))
		}
		mime := m.Mime
		if mime == "" {
			mime = http.DetectContentType(data)
		}
		if !strings.HasPrefix(mime, "image/") {
			return nil, &platforms.RejectedError{Reason: fmt.Sprintf("%s is %s, not an image", which, mime)}
		}
		blob, err := ad.uploadBlob(ctx, acct, data, mime)
		if err != nil {
			return nil, fmt.Errorf("upload %s: %w", which, err)
		}
		img := embedImage{Image: blob, Alt: m.Alt}
		if w, h := imageSize(m, data); w > 0 && h > 0 {
			img.AspectRatio = &aspectRatio{Width: w, Height: h}
		}
		e.Images = append(e.Images, img)
	}
	return e, nil
}

// uploadBlob uploads data and returns the blob ref to put in a record.
func (ad *Adapter) uploadBlob(ctx context.Context, acct social.Account, data []byte, mime string) (json.RawMessage, error) {
	var out struct {
		Blob json.RawMessage `json:"blob"`
	}
	c := xrpc{nsid: "com.atproto.repo.uploadBlob", post: true, raw: data, mime: mime, idempotent: true}
	err := ad.call(ctx, acct, c, &out)
	var rej *platforms.RejectedError
	if errors.As(err, &rej) && (rej.Status == http.StatusRequestEntityTooLarge || codeOf(err) == "PayloadTooLarge") {
		return nil, &platforms.RejectedError{Status: rej.Status, Reason: fmt.Sprintf("the PDS refuses a %d-byte image as too large: resize or compress it", len(data))}
	}
	if err != nil {
		return nil, err
	}
	if len(out.Blob) == 0 {
		return nil, &platforms.TransientError{Err: errors.New("uploadBlob answered without a blob")}
	}
	return out.Blob, nil
}

// imageSize returns the image's pixel size: as the media says, else read from the file's
// header (GIF, JPEG, PNG, WebP). 0, 0 when unknown; the aspect ratio is then left out,
// which the lexicon allows.
func imageSize(m social.Media, data []byte) (int, int) {
	if m.Width > 0 && m.Height > 0 {
		return m.Width, m.Height
	}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		return cfg.Width, cfg.Height
	}
	return webpSize(data)
}

// webpSize reads the canvas size of a WebP file (RIFF container; VP8X, VP8L or VP8 first
// chunk, https://developers.google.com/speed/webp/docs/riff_container).
func webpSize(b []byte) (int, int) {
	if len(b) < 30 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return 0, 0
	}
	switch string(b[12:16]) {
	case "VP8X":
		w := int(b[24]) | int(b[25])<<8 | int(b[26])<<16
		h := int(b[27]) | int(b[28])<<8 | int(b[29])<<16
		return w + 1, h + 1
	case "VP8L":
		if b[20] != 0x2f {
			return 0, 0
		}
		bits := binary.LittleEndian.Uint32(b[21:25])
		return int(bits&0x3fff) + 1, int(bits>>14&0x3fff) + 1
	case "VP8 ":
		if b[23] != 0x9d || b[24] != 0x01 || b[25] != 0x2a {
			return 0, 0
		}
		return int(binary.LittleEndian.Uint16(b[26:28]) & 0x3fff), int(binary.LittleEndian.Uint16(b[28:30]) & 0x3fff)
	}
	return 0, 0
}
