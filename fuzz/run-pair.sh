#!/bin/sh
# Runs fuzz targets side by side for SECONDS each (default 600), logging to
# fuzz/logs/<target>.log. Usage: fuzz/run-pair.sh TARGET... (from anywhere)
set -u
cd "$(dirname "$0")"
mkdir -p logs
secs=${SECONDS_EACH:-600}
for t in "$@"; do
    mkdir -p "corpus/$t"
    RUSTC_BOOTSTRAP=1 nice -n 10 cargo fuzz run -O "$t" "corpus/$t" -- \
        -max_total_time="$secs" -max_len=4096 -print_final_stats=1 \
        >"logs/$t.log" 2>&1 &
done
wait
