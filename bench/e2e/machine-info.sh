#!/usr/bin/env bash
# Prints what the benchmark reports say about the machine (sourced by run.sh and compare.sh, which
# write it to <run>/machine.txt and pass it to the report). Extra lines: arguments, one per line.
echo "date -u:    $(date -u)"
echo "nproc:      $(nproc)"
echo "CPU:        $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "RAM:        $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "java:       $(java -version 2>&1 | head -1); $(java -version 2>&1 | sed -n 3p)"
for line in "$@"; do echo "$line"; done
echo "OS:         $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), kernel $(uname -r)"
echo "load avg:   $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
