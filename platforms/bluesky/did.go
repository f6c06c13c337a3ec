package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/httpx"
)

// Identity: handles resolve to DIDs, DIDs to documents, and a document names the PDS that
// holds the account's repo (https://atproto.com/specs/handle, https://atproto.com/specs/did).

// handleRE is the handle syntax of https://atproto.com/specs/handle: a domain name of two
// or more labels whose last label starts with a letter.
var handleRE = regexp.MustCompile(`^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$`)

// validHandle reports whether s is a syntactically valid handle.
func validHandle(s string) bool { return len(s) <= 253 && handleRE.MatchString(s) }

// didDocument is the part of a DID document the adapter reads.
type didDocument struct {
	ID          string   `json:"id"`
	AlsoKnownAs []string `json:"alsoKnownAs"`
	Service     []struct {
		ID              string `json:"id"`
		Type            string `json:"type"`
		ServiceEndpoint any    `json:"serviceEndpoint"`
	} `json:"service"`
}

// pds returns the #atproto_pds service endpoint, or "".
func (d *didDocument) pds() string {
	for _, s := range d.Service {
		if (s.ID == "#atproto_pds" || strings.HasSuffix(s.ID, "#atproto_pds")) && s.Type == "AtprotoPersonalDataServer" {
			if ep, ok := s.ServiceEndpoint.(string); ok && (strings.HasPrefix(ep, "https://") || strings.HasPrefix(ep, "http://")) {
				return strings.TrimRight(ep, "/")
			}
		}
	}
	return ""
}

// pdsFromDoc reads the PDS from a session's didDoc, or "" without one.
func pdsFromDoc(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var d didDocument
	if json.Unmarshal(raw, &d) != nil {
		return ""
	}
	return d.pds()
}

// pdsForHandle finds the PDS of a handle (or DID) through its DID document.
func (ad *Adapter) pdsForHandle(ctx context.Context, server, handle string) (string, error) {
	did, err := ad.resolveHandle(ctx, server, handle)
	if err != nil {
		return "", err
	}
	doc, err := ad.didDoc(ctx, did)
	if err != nil {
		return "", err
	}
	if pds := doc.pds(); pds != "" {
		return pds, nil
	}
	return "", &platforms.NotFoundError{What: "PDS in the DID document of " + did}
}

// dnsTimeout bounds the _atproto TXT lookup: a handle without one is common, and some
// resolvers take long to say so.
const dnsTimeout = 3 * time.Second

// resolveHandle returns the DID of a handle: from the server's resolveHandle (which
// answers for any handle it can resolve), else from DNS (_atproto TXT record), else from
// https://<handle>/.well-known/atproto-did, the two methods of the handle spec.
func (ad *Adapter) resolveHandle(ctx context.Context, server, handle string) (string, error) {
	handle = strings.ToLower(strings.TrimPrefix(handle, "@"))
	if strings.HasPrefix(handle, "did:") {
		return handle, nil
	}
	var out struct {
		DID string `json:"did"`
	}
	err := ad.send(ctx, server, "", query("com.atproto.identity.resolveHandle", url.Values{"handle": {handle}}), &out)
	if err == nil && strings.HasPrefix(out.DID, "did:") {
		return out.DID, nil
	}
	var nf *platforms.NotFoundError
	var rej *platforms.RejectedError
	if err != nil && !errors.As(err, &nf) && !errors.As(err, &rej) {
		return "", err // the server is down or refuses us: asking DNS would not help
	}
	if !validHandle(handle) || reservedTLD(handle) {
		return "", &platforms.NotFoundError{What: "handle " + handle}
	}
	dctx, cancel := context.WithTimeout(ctx, dnsTimeout)
	defer cancel()
	if txts, derr := ad.lookupTXT(dctx, "_atproto."+handle); derr == nil {
		for _, t := range txts {
			if did, ok := strings.CutPrefix(strings.TrimSpace(t), "did="); ok && strings.HasPrefix(did, "did:") {
				return did, nil
			}
		}
	}
	resp, herr := ad.http.Do(ctx, &httpx.Request{URL: "https://" + handle + "/.well-known/atproto-did"})
	if herr == nil {
		if did := strings.TrimSpace(string(resp.Body)); strings.HasPrefix(did, "did:") && !strings.ContainsAny(did, " \n<") {
			return did, nil
		}
	}
	return "", &platforms.NotFoundError{What: "handle " + handle + " (no DID from the server, DNS or https)"}
}

// reservedTLD reports handles under TLDs that never resolve publicly (RFC 6761 and the
// handle spec's disallowed list): only the server that made them can resolve them.
func reservedTLD(handle string) bool {
	i := strings.LastIndex(handle, ".")
	switch handle[i+1:] {
	case "test", "local", "localhost", "invalid", "example", "alt", "arpa", "internal", "onion":
		return true
	}
	return false
}

// lookupTXT is net.DefaultResolver.LookupTXT, replaceable in tests.
func (ad *Adapter) lookupTXT(ctx context.Context, name string) ([]string, error) {
	if ad.txt != nil {
		return ad.txt(ctx, name)
	}
	return net.DefaultResolver.LookupTXT(ctx, name)
}

// didDoc fetches a DID document: did:plc from the PLC directory (option plc), did:web
// from the domain's /.well-known/did.json (https://w3c-ccg.github.io/did-method-web/).
func (ad *Adapter) didDoc(ctx context.Context, did string) (*didDocument, error) {
	var u string
	switch {
	case strings.HasPrefix(did, "did:plc:"):
		u = ad.opt.plc + "/" + url.PathEscape(did)
	case strings.HasPrefix(did, "did:web:"):
		rest := strings.TrimPrefix(did, "did:web:")
		if strings.Contains(rest, ":") {
			// did:web:example.com:user:alice is a path-based did:web, which atproto does not
			// allow (https://atproto.com/specs/did#blessed-did-methods).
			return nil, &platforms.RejectedError{Reason: "path-based did:web is not used by atproto: " + did}
		}
		host, err := url.PathUnescape(rest) // a port is written %3A
		if err != nil || host == "" || strings.ContainsAny(host, "/?#@") {
			return nil, &platforms.RejectedError{Reason: "malformed DID " + did}
		}
		u = webScheme(host) + host + "/.well-known/did.json"
	default:
		return nil, &platforms.RejectedError{Reason: "unsupported DID method: " + did}
	}
	resp, err := ad.http.Do(ctx, &httpx.Request{URL: u, Header: map[string][]string{"Accept": {"application/did+ld+json, application/json"}}})
	if err != nil {
		return nil, fmt.Errorf("DID document of %s: %w", did, err)
	}
	var doc didDocument
	if err := json.Unmarshal(resp.Body, &doc); err != nil {
		return nil, &platforms.TransientError{Status: resp.Status, Err: fmt.Errorf("DID document of %s: %w", did, err)}
	}
	if doc.ID != did {
		return nil, &platforms.RejectedError{Reason: fmt.Sprintf("the DID document of %s names %q", did, doc.ID)}
	}
	return &doc, nil
}

// webScheme is https, except for a host on this machine: did:web only knows https, but a
// local test network serves plain http (host "localhost%3A2583" decodes to a port).
func webScheme(host string) string {
	h, _, err := net.SplitHostPort(host)
	if err != nil {
		h = host
	}
	if h == "localhost" || h == "127.0.0.1" || h == "::1" {
		return "http://"
	}
	return "https://"
}
