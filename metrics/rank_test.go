package metrics

import (
	"testing"
	"time"
)

func TestTopBottom(t *testing.T) {
	posts := []Post{
		post(t0, map[string]int64{"likes": 5}),
		post(t0.Add(time.Hour), map[string]int64{"likes": 50, "reposts": 1}),
		post(t0.Add(2*time.Hour), nil), // not measured: in neither list
		post(t0.Add(3*time.Hour), map[string]int64{"likes": 5}),
		post(t0.Add(4*time.Hour), map[string]int64{"replies": 1}),
	}
	top, bottom := TopBottom(posts, 2)
	if len(top) != 2 || top[0].Engagement != 51 || top[1].Engagement != 5 || !top[1].Post.PublishedAt.Equal(t0) {
		t.Errorf("top %+v", top)
	}
	if len(bottom) != 2 || bottom[0].Engagement != 1 || bottom[1].Engagement != 5 || !bottom[1].Post.PublishedAt.Equal(t0.Add(3*time.Hour)) {
		t.Errorf("bottom %+v", bottom)
	}
	top, bottom = TopBottom(posts, 10)
	if len(top) != 4 || len(bottom) != 4 {
		t.Errorf("more than there are: %d %d", len(top), len(bottom))
	}
	if top, bottom := TopBottom(nil, 3); top != nil || bottom != nil {
		t.Errorf("none: %v %v", top, bottom)
	}
	if top, _ := TopBottom(posts, -1); top != nil {
		t.Errorf("negative n: %v", top)
	}
}

func TestHeatmapInClientZone(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	// t0 is Monday 09:00Z: Monday 18:00 in Tokyo. Monday 20:00Z is Tuesday 05:00 there.
	posts := []Post{
		post(t0, map[string]int64{"likes": 4}),
		post(t0.Add(30*time.Minute), map[string]int64{"likes": 8}),
		post(t0.Add(11*time.Hour), map[string]int64{"reposts": 3}),
		post(t0.Add(11*time.Hour), nil), // unmeasured: not counted
	}
	h := HeatmapOf(posts, tokyo)
	if c := h[time.Monday][18]; c.Posts != 2 || c.Engagement != Known(6) {
		t.Errorf("mon 18: %+v", c)
	}
	if c := h[time.Tuesday][5]; c.Posts != 1 || c.Engagement != Known(3) {
		t.Errorf("tue 05: %+v", c)
	}
	if c := h[time.Monday][9]; c.Posts != 0 || c.Engagement.OK {
		t.Errorf("mon 09 (the UTC hour): %+v", c)
	}
	if h.Max() != 6 {
		t.Errorf("max %v", h.Max())
	}
}
