#!/usr/bin/env python3
"""Time h5py reading a 4D HDF5 scan frame by frame, the baseline for the HDF5 read benchmarks.

Each pass reads every frame with dataset[scan_row, scan_col] into a new numpy array, as a
Python analysis loop does. The rate counts decompressed bytes. Run it on a file that is already
in the page cache (run it twice, or read the file once with cat) to compare with JMH.

Prints one line per pass and a final line with the median, in text, or one JSON object with
--json.
"""
import argparse
import json
import statistics
import sys
import time

import h5py


def read_all(dataset, limit):
    scan_y, scan_x = dataset.shape[0], dataset.shape[1]
    frames = 0
    checksum = 0
    for row in range(scan_y):
        for col in range(scan_x):
            if frames == limit:
                return frames, checksum
            frame = dataset[row, col]
            checksum += int(frame[0, 0])
            frames += 1
    return frames, checksum


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--dataset", default="/data", help="dataset path (default /data)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (default 3)")
    parser.add_argument("--frames", type=int, default=-1, help="read at most this many frames per pass (default -1: all)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    with h5py.File(args.file, "r") as f:
        dataset = f[args.dataset]
        if dataset.ndim != 4:
            sys.exit(f"{args.dataset}: expected 4 dimensions, got shape {dataset.shape}")
        frame_bytes = dataset.shape[2] * dataset.shape[3] * dataset.dtype.itemsize
        read_all(dataset, min(64, args.frames) if args.frames >= 0 else 64)  # open the chunk index
        passes = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            frames, _ = read_all(dataset, args.frames)
            seconds = time.perf_counter() - start
            passes.append({"frames": frames, "seconds": seconds, "frames_per_s": frames / seconds,
                           "mb_per_s": frames * frame_bytes / seconds / 1e6})
        filters = dict(dataset._filters)

    median_fps = statistics.median(p["frames_per_s"] for p in passes)
    median_mbs = statistics.median(p["mb_per_s"] for p in passes)
    if args.json:
        print(json.dumps({"file": args.file, "dataset": args.dataset, "filters": list(filters),
                          "h5py": h5py.__version__, "hdf5": h5py.version.hdf5_version,
                          "passes": passes, "median_frames_per_s": median_fps, "median_mb_per_s": median_mbs}))
    else:
        for i, p in enumerate(passes, 1):
            print(f"pass {i}: {p['frames']} frames in {p['seconds']:.3f} s = "
                  f"{p['frames_per_s']:.0f} frames/s, {p['mb_per_s']:.0f} MB/s")
        print(f"median: {median_fps:.0f} frames/s, {median_mbs:.0f} MB/s "
              f"(h5py {h5py.__version__}, HDF5 {h5py.version.hdf5_version}, filters {list(filters)})")


if __name__ == "__main__":
    main()
