// Package all imports every adapter so that each registers itself with the platforms
// registry; import it for its side effect, as rclone's backend/all does.
package all

import (
	_ "github.com/chorus-social/chorus/platforms/bluesky"  // any AT Protocol PDS
	_ "github.com/chorus-social/chorus/platforms/demo"     // the simulated demo network
	_ "github.com/chorus-social/chorus/platforms/mastodon" // any Mastodon instance
)
