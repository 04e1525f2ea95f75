#!/usr/bin/env bash
# The demo: one device (a therapist's) creates a notebook and writes and reads
# journal entries, in a throwaway home under /tmp. The passphrase comes from
# RAPPORT_PASSPHRASE so the demo runs unattended.
set -euo pipefail

rapport="${RAPPORT_BIN:-rapport}"
home="$(mktemp -d /tmp/rapport-demo.XXXXXX)"
trap 'rm -rf "$home"' EXIT
export RAPPORT_HOME="$home/therapist"
export RAPPORT_PASSPHRASE="demo passphrase, never use one like this"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "The therapist creates an identity on their device"
"$rapport" init --name "Dr. Ada Lovelace" --role therapist

step "and a notebook for work with a new client"
"$rapport" notebook create "Sessions with Sam"

step "A shared entry, and a private note that stays on this device"
"$rapport" journal add --share --mood 7 --tag first-session "Sam arrived early and spoke about the bus rides."
note_id="$(echo "I noticed I felt rushed at the end; slow down next time." |
  "$rapport" --json journal add --tag self | sed -n 's/.*"id": "\([0-9a-f]*\)".*/\1/p')"
echo "Saved private entry ${note_id:0:8}"
"$rapport" notebook list

step "Reading the journal back"
"$rapport" journal list

step "Sharing the private note after all"
"$rapport" journal share "${note_id:0:8}"
"$rapport" journal list

step "The signed event log: every event verified"
"$rapport" history

step "A wrong passphrase opens nothing"
RAPPORT_PASSPHRASE="not it" "$rapport" journal list || echo "(exit code $?)"

step "On disk, nothing is readable: searching the database for the words written"
if grep -q -a -e "Sessions with Sam" -e "bus rides" -e "Lovelace" "$RAPPORT_HOME"/rapport.db*; then
  echo "plaintext found on disk!" >&2
  exit 1
else
  echo "no plaintext found in $(ls "$RAPPORT_HOME" | tr '\n' ' ')"
fi
