#!/usr/bin/env bash
# Times chorus in a real terminal: from starting it in tmux to the calendar's data on
# screen. Usage: scripts/first-frame.sh DB [RUNS]. Seed DB with `chorus demo seed` first.
# The figure includes tmux's own start-up; `scripts/first-frame.sh --baseline` measures that.
set -euo pipefail
db=${1:?usage: first-frame.sh DB [RUNS] | --baseline}
runs=${2:-5}
bin=$(mktemp -d)/chorus
go build -o "$bin" "$(dirname "$0")/.."
for _ in $(seq "$runs"); do
  tmux kill-session -t chorus-ff 2>/dev/null || true
  start=$(date +%s%N)
  if [ "$db" = --baseline ]; then
    tmux new -d -s chorus-ff -x 120 -y 40 "echo Upcoming; sleep 5"
  else
    tmux new -d -s chorus-ff -x 120 -y 40 "HOME=$(mktemp -d) $bin --db $db"
  fi
  until tmux capture-pane -p -t chorus-ff 2>/dev/null | grep -q Upcoming; do sleep 0.005; done
  echo "$(( ($(date +%s%N) - start) / 1000000 )) ms"
  tmux kill-session -t chorus-ff
done
