#!/usr/bin/env python3
"""Print a Markdown table of JMH JSON results: the median of the measurement iterations with their range.

JMH reports the mean and a 99.9 % confidence interval; with few iterations that interval is
wide and hides skew, so this table gives the median, minimum and maximum of the iteration
scores instead. With --frame-bytes, throughput rows also get MB/s (score * frame bytes / 1e6).
"""
import argparse
import json
import statistics


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="JMH result files written with -rf json")
    parser.add_argument("--frame-bytes", type=int, default=0,
                        help="stored bytes of one frame, to add a MB/s column (for example 131072)")
    args = parser.parse_args()

    header = "| benchmark | parameters | median | min | max | unit |"
    rule = "|---|---|---:|---:|---:|---|"
    if args.frame_bytes:
        header += " median MB/s |"
        rule += "---:|"
    print(header)
    print(rule)
    for path in args.files:
        with open(path) as f:
            results = json.load(f)
        for result in results:
            name = result["benchmark"].rsplit(".", 2)
            label = name[-2] + "." + name[-1]
            params = ", ".join(f"{k}={v}" for k, v in sorted(result.get("params", {}).items()))
            metric = result["primaryMetric"]
            scores = [score for fork in metric["rawData"] for score in fork]
            median = statistics.median(scores)
            row = (f"| {label} | {params} | {median:,.1f} | {min(scores):,.1f} | {max(scores):,.1f} "
                   f"| {metric['scoreUnit']} |")
            if args.frame_bytes:
                if metric["scoreUnit"].startswith("ops/s"):
                    row += f" {median * args.frame_bytes / 1e6:,.0f} |"
                else:
                    row += " |"
            print(row)
            for secondary, data in sorted(result.get("secondaryMetrics", {}).items()):
                if secondary.lstrip("·") == "gc.alloc.rate.norm":
                    values = [score for fork in data["rawData"] for score in fork]
                    print(f"| {label} (allocated per op) | {params} | {statistics.median(values):,.1f} "
                          f"| {min(values):,.1f} | {max(values):,.1f} | {data['scoreUnit']} |"
                          + (" |" if args.frame_bytes else ""))


if __name__ == "__main__":
    main()
