# Sourced by the benchmarks: `ensure_offer_corpus DIR SIZE_MB` generates DIR with
# scripts/bench/gen-offer-corpus unless the corpus there came from the same generator (and the
# package it writes files with, scripts/lib/offer_fixtures), the same size and OFFER_SIZE_SCALE.
# The stamp is DIR.stamp, beside DIR (`offerbox parse --json DIR` reads every file in it), written
# last: a generation cut short is done again.
ensure_offer_corpus() { # DIR SIZE_MB
    local dir="$1" size="$2" stamp
    stamp="$(cat scripts/bench/gen-offer-corpus scripts/lib/offer_fixtures/*.py | sha256sum | cut -d' ' -f1) size=$size scale=${OFFER_SIZE_SCALE:-1}"
    [[ "$(cat "$dir.stamp" 2>/dev/null)" == "$stamp" ]] && return 0
    echo "== generating $size MB of offers into $dir" >&2
    mkdir -p "$dir"
    rm -f "$dir.stamp" "$dir/.complete"
    python3 scripts/bench/gen-offer-corpus "$dir" "$size" >&2
    echo "$stamp" >"$dir.stamp"
}
