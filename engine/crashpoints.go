package engine

// The points of a send where a crash is most dangerous. The crash test's child process
// stops itself at one of them (crashPoint) so its parent can kill it exactly there.
const (
	pointClaimed = "claimed" // a batch is claimed, nothing of it begun
	pointBegun   = "begun"   // a send is recorded as begun, nothing sent yet
	pointSent    = "sent"    // the platform has the post, the store does not know yet
)

// crashPoint is nil except in the crash test's child process, which sets it before
// anything runs.
var crashPoint func(point string)

func reach(point string) {
	if crashPoint != nil {
		crashPoint(point)
	}
}
