// Command chorus is a keyboard-driven terminal app for freelance social media managers:
// one calendar, one inbox and one metrics board for every client's accounts.
package main

import (
	"os"

	"github.com/chorus-social/chorus/cli"
)

func main() { os.Exit(cli.Execute()) }
