package mastodon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// upload sends one attachment with its alt text through POST /api/v2/media and returns
// its id once the instance has finished processing it. Since 4.0 images come back
// processed (200); video and audio come back 202 with url null, and GET /api/v1/media/:id
// answers 206 until they are ready (https://docs.joinmastodon.org/methods/media/#v2). A
// status cannot attach an unprocessed upload, so this waits, up to the media timeout.
func (ad *Adapter) upload(ctx context.Context, s *session, m social.Media) (string, error) {
	data, err := os.ReadFile(m.Path)
	if err != nil {
		return "", &platforms.RejectedError{Reason: fmt.Sprintf("attachment %s: %v", filepath.Base(m.Path), err)}
	}
	body, ctype, err := mediaForm(m, data)
	if err != nil {
		return "", err
	}
	var att mediaAttachment
	// Not idempotent: a replayed upload after a lost answer makes a second, unattached
	// upload, which the instance deletes after a day. That costs storage, not a post.
	resp, err := s.do(ctx, request{method: http.MethodPost, path: "/api/v2/media", body: body, ctype: ctype}, &att)
	if err != nil {
		return "", fmt.Errorf("upload %s: %w", filepath.Base(m.Path), err)
	}
	if att.ID == "" {
		return "", &platforms.RejectedError{Status: resp.Status, Reason: "the instance accepted an upload but gave it no id"}
	}
	if resp.Status == http.StatusAccepted || att.URL == nil {
		if err := ad.waitProcessed(ctx, s, att.ID); err != nil {
			return "", fmt.Errorf("upload %s: %w", filepath.Base(m.Path), err)
		}
	}
	return att.ID, nil
}

// mediaForm builds the multipart body: the file under "file" with its own type (the
// instance checks it against the content), and the alt text as "description".
func mediaForm(m social.Media, data []byte) ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, filepath.Base(m.Path)))
	h.Set("Content-Type", mediaType(m))
	part, err := w.CreatePart(h)
	if err == nil {
		_, err = part.Write(data)
	}
	if err == nil && m.Alt != "" {
		err = w.WriteField("description", m.Alt)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, "", fmt.Errorf("mastodon: build upload of %s: %w", filepath.Base(m.Path), err)
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

// errStillProcessing says an upload was not ready within the media timeout.
var errStillProcessing = errors.New("the instance is still processing the upload")

// waitProcessed polls GET /api/v1/media/:id until the url is set, backing off from
// mediaPoll to mediaPollMax, for at most mediaTimeout. Running out of time is transient:
// the next attempt uploads again.
func (ad *Adapter) waitProcessed(ctx context.Context, s *session, id string) error {
	deadline := time.Now().Add(ad.mediaTimeout)
	wait := ad.mediaPoll
	for {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return context.Cause(ctx)
		case <-t.C:
		}
		var att mediaAttachment
		resp, err := s.get(ctx, "/api/v1/media/"+url.PathEscape(id), nil, &att)
		if err != nil {
			return err
		}
		if resp.Status == http.StatusOK && att.URL != nil && *att.URL != "" {
			return nil
		}
		if time.Now().Add(wait).After(deadline) {
			return &platforms.TransientError{Status: resp.Status, Err: fmt.Errorf("%w after %s", errStillProcessing, ad.mediaTimeout)}
		}
		wait = min(2*wait, ad.mediaPollMax)
	}
}

// attachmentNote describes a status's attachments for the inbox: "[image: alt]".
func attachmentNote(ms []mediaAttachment) string {
	var b strings.Builder
	for _, m := range ms {
		kind := m.Type
		if kind == "" || kind == "unknown" {
			kind = "attachment"
		}
		b.WriteString("\n[" + kind)
		if m.Description != "" {
			b.WriteString(": " + m.Description)
		}
		b.WriteString("]")
	}
	return b.String()
}
