#!/bin/sh
# Wake-ups and resident memory of an idle `cmnotify monitor` (issue 14): the context switches of
# every thread (/proc/PID/task/*/status) from 3 s after start to SECONDS later, and VmRSS then.
# Run it under the device lock so no other session's uevents reach the monitor:
#   flock /tmp/cmnotify-devices.lock bench/idle_wakeups.sh build/dev/src/cli/cmnotify 30
CLI=${1:?usage: idle_wakeups.sh CMNOTIFY [SECONDS]}
SECONDS_IDLE=${2:-30}
"$CLI" monitor >/dev/null 2>&1 &
PID=$!
sleep 3
switches() {
  cat /proc/$PID/task/*/status | awk '/^(voluntary|nonvoluntary)_ctxt_switches/ {s += $2} END {print s}'
}
BEFORE=$(switches)
sleep "$SECONDS_IDLE"
AFTER=$(switches)
RSS=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)
THREADS=$(ls /proc/$PID/task | wc -l)
kill -INT $PID
wait $PID 2>/dev/null
echo "wake-ups in ${SECONDS_IDLE} s: $((AFTER - BEFORE)); threads $THREADS; resident $RSS KiB; network interfaces $(ls /sys/class/net | wc -l)"
