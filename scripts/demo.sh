#!/usr/bin/env bash
# The demo: a therapist's device and a client's device, each with its own
# home in a throwaway folder, pair over 127.0.0.1 and work on one shared
# record: a goal with a graded task, journal entries, a deferred step split
# into smaller ones, session feedback with a note, and the review both read
# together.
# Passphrases come from RAPPORT_PASSPHRASE so the demo runs unattended.
set -euo pipefail

rapport="${RAPPORT_BIN:-rapport}"
root="$(mktemp -d /tmp/rapport-demo.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT

therapist() { RAPPORT_PASSPHRASE="ada's demo passphrase" "$rapport" --home "$root/therapist" "$@"; }
client() { RAPPORT_PASSPHRASE="sam's demo passphrase" "$rapport" --home "$root/client" "$@"; }
# therapist_in_background OUT LOG ARGS...: runs a long-lived command on the
# therapist's device. `exec` makes the background job the rapport process
# itself, so that the clean-up's Ctrl-C (SIGINT) reaches it.
therapist_in_background() {
  local out="$1" log="$2"
  shift 2
  (RAPPORT_PASSPHRASE="ada's demo passphrase" exec "$rapport" --home "$root/therapist" "$@" \
    >"$out" 2>"$log") &
  pids+=($!)
}
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# The "id" a --json command printed.
id_of() { sed -n 's/.*"id": *"\([0-9a-f]*\)".*/\1/p' | head -1 | cut -c1-8; }
# Waits (at most 10 s) until FILE has a line matching PATTERN, and prints it.
wait_for_line() {
  local file="$1" pattern="$2"
  for _ in $(seq 100); do
    if grep -q -e "$pattern" "$file" 2>/dev/null; then grep -m1 -e "$pattern" "$file"; return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for '$pattern' in $file" >&2
  cat "$file" >&2
  return 1
}

step "Two devices: Dr. Ada (therapist) and Sam (client), each with its own identity"
therapist init --name "Dr. Ada" --role therapist
client init --name "Sam" --role client
therapist notebook create "Sam and Dr. Ada"

step "Pairing in person: Dr. Ada makes a one-time invite (shown as text and QR code)"
therapist_in_background "$root/invite.out" "$root/invite.log" --json invite --listen 127.0.0.1:0 --expires 10m
invite="$(wait_for_line "$root/invite.out" RAPPORT1- | sed -n 's/.*"invite": *"\([A-Z0-9-]*\)".*/\1/p')"
echo "Invite: ${invite:0:24}... (single use, valid 10 minutes)"
step "Sam joins with it: the Noise XXpsk3 handshake checks both sides"
client join "$invite"
wait "${pids[-1]}"
echo "Both devices show the same safety number, to compare out loud:"
therapist safety-number
client safety-number

step "Dr. Ada keeps her device online; anything added reaches Sam when he syncs"
therapist_in_background "$root/serve.out" "$root/serve.log" serve --listen 127.0.0.1:0
address="$(wait_for_line "$root/serve.out" "Listening on" | sed -n 's/Listening on \([^;]*\);.*/\1/p')"
echo "rapport serve is listening on $address"

step "Dr. Ada proposes a goal and a graded task, easiest step first"
goal="$(therapist --json goal propose "Start a conversation with a stranger" \
  --measure "conversations started each week" | id_of)"
task="$(therapist --json task assign "Small talk, one step at a time" --goal "$goal" \
  --step "Say hello to a neighbour" \
  --step "Ask a shop assistant where something is" \
  --step "Start a conversation at the bus stop" | id_of)"
therapist goal list

step "Sam syncs, and agrees to the goal (a signed endorsement)"
client sync --peer "$address"
client goal agree "$goal"

step "Sam journals: one entry shared, one kept private on his device"
entry="$(client --json journal add --share --mood 6 \
  "Said hello to my neighbour. Easier than I feared." | id_of)"
client journal add --mood 3 "I don't want Dr. Ada to know how anxious the bus stop makes me."
client task done "$task/1"
client task defer "$task/3" --reason "I froze at the bus stop and walked away"
client sync

step "Dr. Ada sees the deferral, splits the hardest step, and comments on Sam's entry"
therapist task split "$task/3" --step "Nod and smile at someone at the bus stop" \
  --step "Say something about the weather at the bus stop"
therapist comment "$entry" "The fear came before the hello, not during it. Worth noticing."

step "Sam syncs, completes the first smaller step, rates the session and says why"
client sync
client task done "$task/4"
client feedback session --relationship 9 --goals 8 --approach 8 --overall 8
client feedback note "The smaller steps help. The bus stop step felt rushed."
client sync
client task show "$task"

step "Both devices print the same review"
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
therapist review --now "$now" >"$root/review.therapist"
client review --now "$now" >"$root/review.client"
cat "$root/review.client"
if cmp -s "$root/review.therapist" "$root/review.client"; then
  echo "(identical on Dr. Ada's and Sam's devices)"
else
  echo "The two reviews differ:" >&2
  diff "$root/review.therapist" "$root/review.client" >&2
  exit 1
fi

step "Sam's private entry is on his device only; Dr. Ada's comment shows under the shared one"
echo "Sam's device:"
client journal list
echo "Dr. Ada's device:"
therapist journal list
if therapist journal list | grep -q "bus stop makes me"; then
  echo "the private entry leaked!" >&2
  exit 1
fi

step "On disk, nothing is readable: searching both databases for the words written"
if grep -q -a -e "bus stop" -e "neighbour" -e "Dr. Ada" -e "Worth noticing" -e "felt rushed" "$root"/therapist/rapport.db* "$root"/client/rapport.db*; then
  echo "plaintext found on disk!" >&2
  exit 1
fi
echo "no plaintext found in either device's files"

step "What the serving device logged"
cat "$root/serve.log"
