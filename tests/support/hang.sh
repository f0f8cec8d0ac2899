#!/bin/sh
# A helper that never finishes (a password manager waiting for an approval
# nobody sees), for the tests of helper deadlines and cancellation.
#
# Usage: sh tests/support/hang.sh PIDFILE
#
# Forks a child that sleeps, then writes "SELF_PID CHILD_PID" to PIDFILE
# (atomically: a temp file renamed into place) and waits for the child. The
# child keeps the helper's stdin, stdout and stderr open, as a forked
# process of a real helper would. Both are in the process group the helper
# was started in. Nothing here ever prints a code or credentials.
sleep 300 &
child=$!
echo "$$ $child" > "$1.tmp"
mv "$1.tmp" "$1"
wait
