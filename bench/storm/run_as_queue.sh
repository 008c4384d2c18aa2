#!/bin/sh
# A --wrap for uevent_storm_bench that runs another build's queue listener in the slot of the
# "cmnotify" listener, so that one storm compares two builds' EventQueue on the same events:
#   uevent_storm_bench --listeners=cmnotify,queue,libudev,floor \
#     '--wrap=cmnotify:bench/storm/run_as_queue.sh OTHER/src OTHER/bench/storm_listener'
# OTHER/src holds the other build's libcmnotify.so.0 (its listener's run path finds the rest); its
# rows are the first "queue" row of each run. The bench appends the listener's own command line,
# whose program and mode this replaces.
set -eu
lib=$1 program=$2
shift 4  # LIBDIR PROGRAM, then the bench's own program and mode
exec env LD_LIBRARY_PATH="$lib" "$program" queue "$@"
