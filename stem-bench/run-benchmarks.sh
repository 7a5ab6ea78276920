#!/usr/bin/env bash
# Builds stem-bench/target/benchmarks.jar and runs a subset of the JMH benchmarks.
#
# Usage: stem-bench/run-benchmarks.sh [SUBSET] [extra JMH arguments...]
#   SUBSET   features | parallel | pca | kmeans | read | all   (default: all)
#   extra    passed to JMH after the defaults, for example -p detector=256 or -prof gc
#
# Environment:
#   JMH_FLAGS   replaces the default run length "-f 1 -wi 3 -i 5 -w 2s -r 2s"
#   RESULTS     JSON results file (default: stem-bench/target/jmh-SUBSET.json)
#   SKIP_BUILD  set to 1 to reuse an existing benchmarks.jar
#
# The read benchmarks write their scan files under java.io.tmpdir (normally /tmp) and delete
# them at the end of each trial. They need /usr/bin/python3 with h5py for the HDF5 files.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
subset="${1:-all}"
if [[ $# -gt 0 ]]; then
    shift
fi

case "$subset" in
    features) pattern='FeatureExtractionBenchmark' ;;
    parallel) pattern='ParallelExtractionBenchmark' ;;
    pca) pattern='PcaBenchmark' ;;
    kmeans) pattern='KMeansBenchmark' ;;
    read) pattern='ReadBenchmark' ;;
    all) pattern='io.github.stem4d.bench' ;;
    *)
        echo "run-benchmarks.sh: unknown subset '$subset'; expected features, parallel, pca, kmeans, read or all" >&2
        exit 2
        ;;
esac

if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$jar" ]]; then
    echo "run-benchmarks.sh: building $jar" >&2
    mvn -B -q -f "$root/pom.xml" -DskipTests -pl stem-bench -am package 1>&2
fi

extra=()
# Without the Debian jarhdf5 package the JNI backend cannot load, so its read benchmarks are left out.
if [[ "$subset" == read || "$subset" == all ]] && [[ ! -f /usr/share/java/jarhdf5.jar ]] \
        && ! printf '%s\n' "$@" | grep -q '^source='; then
    echo "run-benchmarks.sh: /usr/share/java/jarhdf5.jar is missing; skipping the hdf5-jarhdf5 read benchmarks" >&2
    extra+=(-p source=mib,npy,h5-gzip-jhdf,h5-bslz4-jhdf)
fi

read -r -a flags <<< "${JMH_FLAGS:--f 1 -wi 3 -i 5 -w 2s -r 2s}"
results="${RESULTS:-$here/target/jmh-$subset.json}"
echo "run-benchmarks.sh: java -jar $jar $pattern ${flags[*]} ${extra[*]:-} $* (results: $results)" >&2
exec java -jar "$jar" "$pattern" "${flags[@]}" "${extra[@]}" -rf json -rff "$results" "$@"
