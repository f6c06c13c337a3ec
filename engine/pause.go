package engine

import (
	"context"
)

// PauseReport says what the client's pause switch did.
type PauseReport struct {
	Paused int // posts paused, including those taken back from platforms
	// Withdrawn counts posts taken back from the platforms that held them (server-side
	// scheduling) and paused with the rest.
	Withdrawn int
	// Held are the posts still with a platform, each with why it could not be taken back
	// (too close to its time, the platform unreachable): they may still go out there.
	Held []error
}

// PauseClient is the crisis switch: it pauses every post of the client that has not
// started going out, first taking back the ones handed to platforms to publish
// themselves, since a pause that leaves those to go out is no pause. Resume with
// store.ResumeClient.
func (p *Publisher) PauseClient(ctx context.Context, clientID string) (PauseReport, error) {
	var rep PauseReport
	held, err := p.DB.HeldTargets(ctx, clientID)
	if err != nil {
		return rep, err
	}
	for _, id := range held {
		if err := p.Withdraw(ctx, id); err != nil {
			rep.Held = append(rep.Held, err)
			continue
		}
		rep.Withdrawn++
	}
	rep.Paused, err = p.DB.PauseClient(ctx, clientID)
	return rep, err
}
