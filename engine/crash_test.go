package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms/mastodon"
	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
	"github.com/chorus-social/chorus/social"
)

// The crash tests run the publisher in a child process (crash_child_test.go) against a
// local Mastodon instance in this process, kill it with SIGKILL while it publishes, start
// it again, and repeat; then they check every post is on the instance exactly once. The
// kills come after random delays and at the points where a crash does the most harm:
// right after a batch is claimed, after a send is recorded as begun, after the instance
// answered but before the store knew, and while the instance has acted on a request whose
// answer never arrives (a status, a later part of a thread, an upload).
//
// CHORUS_CRASH_RUNS sets how many kills (default 20; the full run is 200),
// CHORUS_CRASH_SEED the random seed (logged, to replay a run).

func crashRuns(t *testing.T) int {
	if v := os.Getenv("CHORUS_CRASH_RUNS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("CHORUS_CRASH_RUNS=%q: want a positive number", v)
		}
		return n
	}
	if testing.Short() {
		return 5
	}
	return 20
}

// TestCrashPublishesEveryPostExactlyOnce: Mastodon, which keeps Idempotency-Keys for an
// hour: every target ends published, every post and thread part is on the instance once,
// threads chained in order, attachments with their alt texts.
func TestCrashPublishesEveryPostExactlyOnce(t *testing.T) {
	t.Parallel()
	h := newCrashHarness(t, mastodon.Name)
	h.run(t, crashRuns(t))
	h.verify(t, func(t *testing.T, p crashPost, tg social.Target, found []mastodontest.Status) {
		if tg.Status != social.StatusPublished {
			t.Errorf("%s: target is %s (%s), want published", p.texts[0], tg.Status, tg.LastError)
		}
	})
}

// TestCrashWithoutIdempotencyFindsWhatWentOut: a platform without idempotent creation
// whose posts can be found (Reconciler): a send that may have gone out is looked for
// before anything is sent again, so every post is still out exactly once.
func TestCrashWithoutIdempotencyFindsWhatWentOut(t *testing.T) {
	t.Parallel()
	h := newCrashHarness(t, findingName)
	h.run(t, max(crashRuns(t)/4, 8))
	h.verify(t, func(t *testing.T, p crashPost, tg social.Target, found []mastodontest.Status) {
		if tg.Status != social.StatusPublished {
			t.Errorf("%s: target is %s (%s), want published", p.texts[0], tg.Status, tg.LastError)
		}
	})
}

// TestCrashWithoutIdempotencyNeverResends: a platform that can neither deduplicate nor be
// searched: a send that may have gone out stops for a person (ErrMaybePublished) instead
// of going out again; one that certainly did not (claimed, never begun) still goes out.
func TestCrashWithoutIdempotencyNeverResends(t *testing.T) {
	t.Parallel()
	h := newCrashHarness(t, plainName)
	h.run(t, max(crashRuns(t)/4, 8))
	stopped := 0
	h.verify(t, func(t *testing.T, p crashPost, tg social.Target, found []mastodontest.Status) {
		switch {
		case tg.Status == social.StatusFailed && tg.LastError == ErrMaybePublished.Error():
			stopped++
		case tg.Status != social.StatusPublished:
			t.Errorf("%s: target is %s (%s), want published or stopped as maybe published", p.texts[0], tg.Status, tg.LastError)
		}
	})
	t.Logf("%d targets stopped for a person as maybe published", stopped)
}

// crashPost is a post the harness scheduled: its target, texts and alt texts by part.
type crashPost struct {
	target int64
	texts  []string
	alts   map[int][]string
}

// crashHarness runs one crash test: the instance, the store, the posts and the kills.
type crashHarness struct {
	r        *rig
	platform social.Platform
	rnd      *rand.Rand
	hold     answerHold
	img      string
	posts    []crashPost
	waves    int
	kills    map[string]int
	first    int           // the kill of the first round; the rounds go through them all in turn
	lease    time.Duration // the child's lease: how soon a killed child's claims come free
	started  time.Time
}

func newCrashHarness(t *testing.T, platform social.Platform) *crashHarness {
	if os.Getenv(crashChildEnv) != "" {
		t.Skip("in the child process")
	}
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("CHORUS_CRASH_SEED"); v != "" {
		seed, _ = strconv.ParseUint(v, 10, 64)
	}
	t.Logf("CHORUS_CRASH_SEED=%d", seed)
	h := &crashHarness{platform: platform, rnd: rand.New(rand.NewPCG(seed, seed)), kills: map[string]int{}, started: time.Now(),
		lease: 800 * time.Millisecond}
	h.hold.held = make(chan int, 1)
	h.first = h.rnd.IntN(8)
	h.r = newRig(t, 2, 2, platform, mastodontest.Options{MediaPolls: -1, BeforeAnswer: h.hold.hook})
	h.img = pngFile(t, "photo.png")
	return h
}

// addWave schedules a few posts due now on every account: single posts, threads of three
// and four parts, and posts with images (one a thread with an image on a later part).
func (h *crashHarness) addWave(t *testing.T) {
	h.waves++
	w := h.waves
	now := time.Now()
	var specs []postSpec
	var posts []crashPost
	for i, a := range h.r.accts {
		shapes := [][]int{{0}, {0}, {0, 0, 0}, {2}, {0, 1, 0, 0}}
		for j, shape := range shapes {
			key := fmt.Sprintf("w%d-a%d-p%d-%s", w, i, j, social.Platform(h.platform))
			s := postSpec{acct: a, due: now, key: key, media: map[int][]social.Media{}}
			p := crashPost{alts: map[int][]string{}}
			for k, images := range shape {
				text := fmt.Sprintf("wave %d, account %d, post %d, part %d of %d", w, i, j, k+1, len(shape))
				if h.platform != mastodon.Name {
					text += " " + refMark(key, k)
				}
				s.texts = append(s.texts, text)
				p.texts = append(p.texts, text)
				for m := range images {
					alt := fmt.Sprintf("image %d of %s", m+1, key)
					s.media[k] = append(s.media[k], social.Media{Path: h.img, Mime: "image/png", Alt: alt})
					p.alts[k] = append(p.alts[k], alt)
				}
			}
			specs = append(specs, s)
			posts = append(posts, p)
		}
	}
	for i, id := range h.r.schedule(t, specs) {
		posts[i].target = id
	}
	h.posts = append(h.posts, posts...)
}

// unfinished counts targets still to go out.
func (h *crashHarness) unfinished(t *testing.T) int {
	n := 0
	for _, p := range h.posts {
		tg, err := h.r.db.Target(context.Background(), p.target)
		if err != nil {
			t.Fatal(err)
		}
		if tg.Status != social.StatusPublished && tg.Status != social.StatusFailed {
			n++
		}
	}
	return n
}

// run kills the child kills times, adding work whenever little is left, then lets a last
// child finish.
func (h *crashHarness) run(t *testing.T, kills int) {
	for round := 0; h.total() < kills; round++ {
		if h.unfinished(t) < 8 {
			h.addWave(t)
		}
		h.round(t, round)
		if round > 20*kills {
			t.Fatalf("only %d kills in %d rounds: the child finishes before it can be killed", h.total(), round)
		}
	}
	c := h.start(t, "")
	if !c.wait(t, 2*time.Minute) {
		t.Fatalf("the last child ended without finishing:\n%s", c.stderr.String())
	}
	t.Logf("%d kills %v in %s, %d posts in %d waves", h.total(), h.kills, time.Since(h.started).Round(time.Millisecond), len(h.posts), h.waves)
}

func (h *crashHarness) total() int {
	n := 0
	for _, k := range h.kills {
		n += k
	}
	return n
}

// round starts a child and kills it the way round calls for.
func (h *crashHarness) round(t *testing.T, round int) {
	stop := ""
	mode := (h.first + round) % 8
	switch mode {
	case 2:
		stop = pointClaimed + ":1"
	case 3:
		stop = fmt.Sprintf("%s:%d", pointBegun, 1+h.rnd.IntN(3))
	case 4:
		stop = fmt.Sprintf("%s:%d", pointSent, 1+h.rnd.IntN(3))
	case 5:
		h.hold.arm(round, "a status", 1+h.rnd.IntN(3), func(r mastodontest.Request) bool {
			return r.Method == "POST" && r.Path == "/api/v1/statuses"
		})
	case 6:
		// A later part of a thread: its key is the target's key and the part's number.
		h.hold.arm(round, "a later thread part", 1, func(r mastodontest.Request) bool {
			_, n, _ := strings.Cut(strings.TrimPrefix(r.IdemKey, "w"), "-"+string(h.platform)+"-")
			return r.Method == "POST" && r.Path == "/api/v1/statuses" && n != ""
		})
		if h.platform != mastodon.Name { // no keys to tell parts by: any status
			h.hold.arm(round, "a status", 2+h.rnd.IntN(4), func(r mastodontest.Request) bool {
				return r.Method == "POST" && r.Path == "/api/v1/statuses"
			})
		}
	case 7:
		h.hold.arm(round, "an upload", 1, func(r mastodontest.Request) bool { return r.Method == "POST" && r.Path == "/api/v2/media" })
	}
	c := h.start(t, stop)
	defer h.hold.disarm()
	var delay <-chan time.Time
	if mode < 2 {
		delay = time.After(time.Duration(h.rnd.IntN(150)) * time.Millisecond)
	}
	why := ""
	for why == "" {
		select {
		case line, ok := <-c.lines:
			switch {
			case !ok || line == "DONE":
				c.wait(t, 30*time.Second)
				return // finished before the kill point: a round without a kill
			case strings.HasPrefix(line, "STOPPED "):
				why = "at " + strings.TrimPrefix(line, "STOPPED ")
			}
		case r := <-h.hold.held:
			if r == round {
				why = "holding the answer to " + h.hold.what
			}
		case <-delay:
			why = "after a random delay"
		case <-time.After(30 * time.Second):
			c.kill()
			t.Fatalf("round %d: the child neither finished nor reached its kill point:\n%s", round, c.stderr.String())
		}
	}
	c.kill()
	h.kills[why]++
}
