#!/bin/sh
# Parse-throughput benchmark: billtriage's parser (with redaction, language and
# extraction) against the C floor over libmailutils, on the same generated
# mailbox of billing mail.
#
#   sh bench.sh [MESSAGES]        (default 20000; the mailbox is reused if present)
#
# Prints the per-stage cost per message (parse, redaction, language, extraction),
# messages/s, MB/s and peak RSS for `billtriage parse --stats` (release build) and
# for ../shared/bench/mu_baseline --split, and the ratio between them.
set -eu
cd "$(dirname "$0")"
n=${1:-20000}
shared=${BILLTRIAGE_SHARED:-../shared}
out=${BILLTRIAGE_BENCH_DIR:-.build-bench}
mkdir -p "$out"
sh .ci/setup
box="$out/bench-$n.mbox"
[ -f "$box" ] || python3 "$shared/bench/gen_mbox.py" -n "$n" --seed 42 -o "$box"
swift build -c release --product billtriage >/dev/null
bin=$(swift build -c release --show-bin-path)/billtriage
if [ ! -x "$out/mu_baseline" ]; then
    gcc -O2 $(mailutils cflags) "$shared/bench/mu_baseline.c" -o "$out/mu_baseline" $(mailutils ldflags mbox maildir)
fi
size=$(wc -c < "$box")
echo "machine: $(nproc) cores, $(uname -m); mailbox: $box ($n messages, $size bytes)"
best_bt=0; best_c=0; rss_bt=0; rss_c=0
for run in 1 2 3; do
    /usr/bin/time -f "rss=%M" "$bin" parse --stats "$box" >"$out/stats.txt" 2>"$out/time.txt"
    rate=$(grep '^throughput' "$out/stats.txt" | awk '{print $2}')
    grep '^per message' "$out/stats.txt" | sed "s/^/run $run: /"
    [ "$rate" -gt "$best_bt" ] && best_bt=$rate
    rss_bt=$(sed -n 's/.*rss=\([0-9]*\).*/\1/p' "$out/time.txt")
    c=$(/usr/bin/time -f "rss=%M" "$out/mu_baseline" --split "$box" 2>"$out/time.txt" | sed -n 's/.*msg_per_s=\([0-9]*\).*/\1/p')
    [ "$c" -gt "$best_c" ] && best_c=$c
    rss_c=$(sed -n 's/.*rss=\([0-9]*\).*/\1/p' "$out/time.txt")
done
awk -v bt="$best_bt" -v c="$best_c" -v size="$size" -v n="$n" -v rb="$rss_bt" -v rc="$rss_c" 'BEGIN {
    printf "%-34s %10s %8s %10s\n", "best of 3, one core", "msg/s", "MB/s", "peak RSS"
    printf "%-34s %10d %8.1f %7.0f MB\n", "billtriage parse --stats", bt, bt * size / n / 1e6, rb / 1024
    printf "%-34s %10d %8.1f %7.0f MB\n", "C floor: mu_baseline --split", c, c * size / n / 1e6, rc / 1024
    printf "ratio (C floor / billtriage): %.2f\n", c / bt
}'
