#!/usr/bin/env bash
# Start-up of "kutip ask" as a whole process, side by side with a
# hello-world Go program built by the same Go: the median wall time of many
# runs of each, in rounds that alternate the two so that a busy machine
# weighs on both alike. Needs hyperfine (apt-get install hyperfine).
#
#   bench/startup/run.sh [ROUNDS [RUNS]]    default: 5 rounds of 200 runs
#
# It builds both as the README says (go build), and kutip also with
# CGO_ENABLED=0, the static binary, which loads no C library.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
runs=${2:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/hello"
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello, world") }\n' >"$tmp/hello/main.go"
printf 'module hello\n\ngo 1.26\n' >"$tmp/hello/go.mod"
(cd "$tmp/hello" && go build -o "$tmp/hello-world" .)
go build -o "$tmp/kutip" ./cmd/kutip
CGO_ENABLED=0 go build -o "$tmp/kutip-static" ./cmd/kutip
q='Berapa orang yang tewas?'
for r in $(seq "$rounds"); do
	hyperfine -N --style none --warmup 20 --runs "$runs" --export-json "$tmp/round$r.json" \
		"$tmp/hello-world" "$tmp/kutip ask '$q'" "$tmp/kutip-static ask '$q'" >/dev/null 2>&1
done
python3 - "$tmp" "$rounds" <<'PY'
import json, statistics, sys
tmp, rounds = sys.argv[1], int(sys.argv[2])
times = {}
for r in range(1, rounds + 1):
    for res in json.load(open(f"{tmp}/round{r}.json"))["results"]:
        name = res["command"].replace(tmp + "/", "")
        times.setdefault(name, []).extend(res["times"])
hello = statistics.median(next(iter(times.values())))
for name, ts in times.items():
    m = statistics.median(ts)
    print(f"{name:45s} median {m*1000:6.2f} ms  {m/hello:4.2f}× hello-world  ({len(ts)} runs)")
PY
