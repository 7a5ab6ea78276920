#!/usr/bin/env python3
"""Convert a 4D .npy scan into a chunked, compressed HDF5 file for the read benchmarks.

The dataset keeps the axis order (scan_y, scan_x, det_y, det_x) and has one frame per chunk,
as detector software writes it. Frames are copied one scan row at a time, so memory stays at
one row of frames whatever the file size.

Compression:
  gzip    HDF5 deflate filter (id 1), level --level (h5py's default is 4)
  bslz4   bitshuffle + LZ4 (filter id 32008), block size chosen by the filter;
          needs the bitshuffle HDF5 plugin (Debian package bitshuffle or hdf5-filter-plugin)

Exit status: 0 on success, 3 when the compression filter is not available here.
"""
import argparse
import os
import sys

import h5py
import numpy as np

BITSHUFFLE_FILTER = 32008
BITSHUFFLE_LZ4 = 2


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="4D .npy file (scan_y, scan_x, det_y, det_x)")
    parser.add_argument("target", help="HDF5 file to write; written to TARGET.part, then renamed")
    parser.add_argument("--compression", choices=["gzip", "bslz4"], required=True)
    parser.add_argument("--level", type=int, default=4, help="gzip level 1-9 (default 4)")
    parser.add_argument("--dataset", default="/data", help="dataset path (default /data)")
    args = parser.parse_args()

    frames = np.load(args.source, mmap_mode="r")
    if frames.ndim != 4:
        sys.exit(f"{args.source}: expected a 4D array (scan_y, scan_x, det_y, det_x), got shape {frames.shape}")

    if args.compression == "gzip":
        filter_args = {"compression": "gzip", "compression_opts": args.level}
    else:
        if not h5py.h5z.filter_avail(BITSHUFFLE_FILTER):
            print("bitshuffle filter 32008 is not available; install the Debian package 'bitshuffle' "
                  "or set HDF5_PLUGIN_PATH to a folder holding libh5bshuf.so", file=sys.stderr)
            sys.exit(3)
        filter_args = {"compression": BITSHUFFLE_FILTER, "compression_opts": (0, BITSHUFFLE_LZ4)}

    partial = args.target + ".part"
    scan_y, scan_x, det_y, det_x = frames.shape
    with h5py.File(partial, "w") as out:
        dataset = out.create_dataset(args.dataset, shape=frames.shape, dtype=frames.dtype,
                                     chunks=(1, 1, det_y, det_x), **filter_args)
        for row in range(scan_y):
            dataset[row] = np.asarray(frames[row])
    os.replace(partial, args.target)


if __name__ == "__main__":
    main()
