package metrics

import (
	"sort"
	"time"
)

// Ranked is a measured post with its engagement.
type Ranked struct {
	Post       Post
	Engagement float64
}

// TopBottom returns up to n measured posts with the most engagement (best first) and up
// to n with the least (worst first). Posts without engagement numbers are left out; with
// fewer than 2n measured posts the two lists overlap. Ties go to the earlier post.
func TopBottom(posts []Post, n int) (top, bottom []Ranked) {
	var rs []Ranked
	for _, p := range posts {
		if e := p.Engagement(); e.OK {
			rs = append(rs, Ranked{Post: p, Engagement: e.N})
		}
	}
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].Engagement != rs[j].Engagement {
			return rs[i].Engagement > rs[j].Engagement
		}
		return rs[i].Post.PublishedAt.Before(rs[j].Post.PublishedAt)
	})
	n = min(max(n, 0), len(rs))
	top = append(top, rs[:n]...)
	for i := len(rs) - 1; i >= len(rs)-n; i-- {
		bottom = append(bottom, rs[i])
	}
	return top, bottom
}

// Cell is one hour of the week in the heatmap.
type Cell struct {
	Posts int
	// Engagement is the cell's average engagement per measured post; unknown if none.
	Engagement Value
}

// Heatmap is engagement by weekday (Sunday = 0) and hour, in the client's zone.
type Heatmap [7][24]Cell

// HeatmapOf buckets the measured posts by the weekday and hour they went out in loc.
func HeatmapOf(posts []Post, loc *time.Location) Heatmap {
	var h Heatmap
	var sums [7][24]float64
	for _, p := range posts {
		e := p.Engagement()
		if !e.OK {
			continue
		}
		t := p.PublishedAt.In(loc)
		d, hr := t.Weekday(), t.Hour()
		h[d][hr].Posts++
		sums[d][hr] += e.N
	}
	for d := range h {
		for hr := range h[d] {
			if c := &h[d][hr]; c.Posts > 0 {
				c.Engagement = Known(sums[d][hr] / float64(c.Posts))
			}
		}
	}
	return h
}

// Max returns the highest average engagement of any cell (0 for an empty map), to scale
// the shading.
func (h *Heatmap) Max() float64 {
	var m float64
	for d := range h {
		for _, c := range h[d] {
			if c.Engagement.OK && c.Engagement.N > m {
				m = c.Engagement.N
			}
		}
	}
	return m
}
