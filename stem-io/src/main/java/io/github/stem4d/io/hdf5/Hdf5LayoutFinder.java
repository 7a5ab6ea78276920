package io.github.stem4d.io.hdf5;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.internal.ReaderOptions;
import io.github.stem4d.io.internal.ScanShapes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the 4D-STEM frames in an HDF5 file, the same way for every backend.
 *
 * <p>Search order: the dataset named by {@link OpenOptions#datasetPath()}; a 4D dataset in an
 * EMD group (py4DSTEM, emdfile, Prismatic: its parent group has an {@code emd_group_type}
 * attribute; the first by path wins); HyperSpy's {@code /Experiments/<name>/data}; NeXus and
 * DECTRIS {@code /entry/data/data} or the frame stacks {@code /entry/data/data_000001},
 * {@code data_000002} ... read in order; the largest 4D dataset; the largest 3D dataset.
 *
 * <p>Scan shape: the caller's wins; otherwise a 4D dataset gives its first two dimensions; a
 * 3D stack takes NumPixelsY x NumPixelsX from the DECTRIS ARINA sidecar ({@code X.h5} beside
 * {@code X_master.h5}), else it is read as one row of all its frames. A scan shape may use fewer
 * frames than stored, so reader option {@value ScanShapes#IGNORE_TRAILING_FRAMES} is accepted and
 * has no effect; other reader option names are rejected.
 *
 * <p>Thread safety: stateless; the navigator it is given is confined to one thread.
 */
public final class Hdf5LayoutFinder {

    /** Upper bound on the objects visited while searching, so a huge file cannot stall the search. */
    static final int MAX_VISITED = 20_000;
    private static final int MAX_DEPTH = 32;
    private static final Pattern DECTRIS_PART = Pattern.compile("data_\\d{6}");
    private static final Pattern HYPERSPY_DATA = Pattern.compile("/Experiments/[^/]+/data");

    private Hdf5LayoutFinder() {
    }

    /**
     * Finds the frames and the scan shape.
     *
     * @param file the HDF5 file, for messages and for the sidecar lookup
     * @param navigator the open file
     * @param options the caller's dataset path, scan shape and skipped frames
     * @throws InvalidScanException if a reader option name is unknown, no dataset fits, the named one is unusable, or the scan
     *     shape does not fit the frames
     * @throws IOException if the file cannot be read
     */
    public static Hdf5Layout find(Path file, Hdf5Navigator navigator, OpenOptions options) throws IOException {
        ReaderOptions.requireKnown(options, "hdf5", file, ScanShapes.IGNORE_TRAILING_FRAMES);
        if (options.datasetPath().isPresent()) {
            String path = absolute(options.datasetPath().get());
            Optional<Hdf5DatasetInfo> named = navigator.dataset(path);
            if (named.isEmpty()) {
                throw new InvalidScanException(file, "no dataset at '" + path + "' in '" + file + "'; "
                        + listCandidates(navigator));
            }
            Hdf5DatasetInfo info = named.get();
            requireFrames(file, info);
            return resolve(file, "dataset path option", List.of(info), options);
        }

        List<Hdf5DatasetInfo> all = new ArrayList<>();
        walk(navigator, "/", 0, all);

        for (Hdf5DatasetInfo info : sortedByPath(all)) {
            if (isFrames(info) && info.rank() == 4 && navigator.hasAttribute(parent(info.path()), "emd_group_type")) {
                return resolve(file, "py4DSTEM/EMD", List.of(info), options);
            }
        }
        for (Hdf5DatasetInfo info : sortedByPath(all)) {
            if (isFrames(info) && HYPERSPY_DATA.matcher(info.path()).matches()) {
                return resolve(file, "HyperSpy", List.of(info), options);
            }
        }
        Optional<Hdf5DatasetInfo> nexus = navigator.dataset("/entry/data/data");
        if (nexus.isPresent() && isFrames(nexus.get())) {
            return resolve(file, "NeXus", List.of(nexus.get()), options);
        }
        List<Hdf5DatasetInfo> dectrisParts = new ArrayList<>();
        for (String name : navigator.children("/entry/data")) {
            if (DECTRIS_PART.matcher(name).matches()) {
                navigator.dataset("/entry/data/" + name).filter(Hdf5LayoutFinder::isFrames).ifPresent(dectrisParts::add);
            }
        }
        if (!dectrisParts.isEmpty()) {
            return resolve(file, "DECTRIS", dectrisParts, options);
        }
        for (int rank : new int[] {4, 3}) {
            Optional<Hdf5DatasetInfo> largest = all.stream()
                    .filter(info -> isFrames(info) && info.rank() == rank)
                    .max(Comparator.comparingLong(Hdf5DatasetInfo::elementCount));
            if (largest.isPresent()) {
                return resolve(file, "largest " + rank + "D dataset", List.of(largest.get()), options);
            }
        }
        throw new InvalidScanException(file, "no 3D or 4D numeric dataset in '" + file + "' contains frames; datasets: "
                + describe(all) + ". Pass the dataset path (--dataset) if the frames are stored another way.");
    }

    private static Hdf5Layout resolve(Path file, String layout, List<Hdf5DatasetInfo> parts, OpenOptions options)
            throws IOException {
        Hdf5DatasetInfo first = parts.get(0);
        long[] shape = first.shape();
        int rank = shape.length;
        PixelType type = first.pixelType().orElseThrow();
        List<Long> partFrames = new ArrayList<>();
        for (Hdf5DatasetInfo part : parts) {
            long[] partShape = part.shape();
            if (partShape.length != rank || partShape[rank - 2] != shape[rank - 2] || partShape[rank - 1] != shape[rank - 1]
                    || part.pixelType().orElse(null) != type) {
                throw new InvalidScanException(file, "frame stack '" + part.path() + "' " + part.shapeText() + " "
                        + part.pixelType().orElse(null) + " does not match '" + first.path() + "' " + first.shapeText() + " in '" + file.getFileName() + "'"
                        + " " + type + "; pass one stack with the dataset path option (--dataset)");
            }
            partFrames.add(rank == 4 ? partShape[0] * partShape[1] : partShape[0]);
        }
        if (shape[rank - 2] > Integer.MAX_VALUE || shape[rank - 1] > Integer.MAX_VALUE) {
            throw new InvalidScanException(file, "frames of '" + first.path() + "' " + first.shapeText() + " in '"
                    + file.getFileName() + "' are too large");
        }
        FrameShape frameShape;
        try {
            frameShape = new FrameShape((int) shape[rank - 2], (int) shape[rank - 1]);
        } catch (IllegalArgumentException e) {
            throw new InvalidScanException(file, "dataset '" + first.path() + "' " + first.shapeText() + " in '"
                    + file.getFileName() + "' has no usable frames: " + e.getMessage(), e);
        }

        long stored = partFrames.stream().mapToLong(Long::longValue).sum();
        long skip = options.skipFrames();
        List<String> paths = parts.stream().map(Hdf5DatasetInfo::path).toList();
        ScanShape scanShape;
        String source;
        if (options.scanShape().isPresent()) {
            scanShape = options.scanShape().get();
            source = "caller";
        } else if (rank == 4 && parts.size() == 1) {
            if (skip > 0) {
                throw new InvalidScanException(file, "skipping " + skip + " frames of the 4D dataset '" + first.path()
                        + "' " + first.shapeText() + " in '" + file.getFileName() + "' needs an explicit scan shape (--scan-shape ROWSxCOLS)");
            }
            scanShape = checkedShape(file, shape[0], shape[1], first);
            source = "dataset dimensions";
        } else {
            Optional<ScanShape> sidecar = ArinaSidecar.scanShape(file);
            if (sidecar.isPresent()) {
                scanShape = sidecar.get();
                source = "ARINA sidecar " + ArinaSidecar.sidecarFor(file).map(p -> p.getFileName().toString()).orElse("");
            } else {
                scanShape = checkedShape(file, 1, stored - skip, first);
                source = "single row (no scan shape in the file or the options)";
            }
        }
        if (skip + scanShape.frameCount() > stored) {
            throw new InvalidScanException(file, "scan shape " + scanShape + " (" + source + ") needs "
                    + scanShape.frameCount() + " frames after skipping " + skip + ", but " + paths + " in '"
                    + file.getFileName() + "' hold " + stored
                    + "; pass a scan shape whose rows x cols is at most " + (stored - skip));
        }
        return new Hdf5Layout(layout, paths, partFrames, rank, frameShape, type, scanShape, skip, source);
    }

    private static ScanShape checkedShape(Path file, long rows, long cols, Hdf5DatasetInfo info)
            throws InvalidScanException {
        if (rows < 1 || cols < 1 || rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
            throw new InvalidScanException(file, "dataset '" + info.path() + "' " + info.shapeText() + " in '"
                    + file.getFileName() + "' gives an unusable scan shape " + rows + "x" + cols
                    + "; pass the scan shape (--scan-shape ROWSxCOLS)");
        }
        return new ScanShape((int) rows, (int) cols);
    }

    private static void requireFrames(Path file, Hdf5DatasetInfo info) throws InvalidScanException {
        if (!isFrames(info)) {
            throw new InvalidScanException(file, "dataset '" + info.path() + "' " + info.shapeText() + " in '"
                    + file.getFileName() + "' of type " + info.pixelType().map(Enum::name).orElse("non-numeric")
                    + " cannot hold frames: expected a numeric dataset of 3 dimensions (frame, det_y, det_x)"
                    + " or 4 (scan_y, scan_x, det_y, det_x)");
        }
    }

    private static boolean isFrames(Hdf5DatasetInfo info) {
        return info.pixelType().isPresent() && (info.rank() == 3 || info.rank() == 4) && info.elementCount() > 0;
    }

    private static void walk(Hdf5Navigator navigator, String group, int depth, List<Hdf5DatasetInfo> out)
            throws IOException {
        if (depth > MAX_DEPTH) {
            return;
        }
        for (String name : navigator.children(group)) {
            if (out.size() >= MAX_VISITED) {
                return;
            }
            String path = group.equals("/") ? "/" + name : group + "/" + name;
            Optional<Hdf5DatasetInfo> dataset = navigator.dataset(path);
            if (dataset.isPresent()) {
                out.add(dataset.get());
            } else {
                walk(navigator, path, depth + 1, out);
            }
        }
    }

    private static String listCandidates(Hdf5Navigator navigator) throws IOException {
        List<Hdf5DatasetInfo> all = new ArrayList<>();
        walk(navigator, "/", 0, all);
        List<Hdf5DatasetInfo> frames = all.stream().filter(Hdf5LayoutFinder::isFrames).toList();
        return frames.isEmpty() ? "the file has no 3D or 4D numeric dataset"
                : "datasets that can hold frames: " + describe(frames);
    }

    private static String describe(List<Hdf5DatasetInfo> infos) {
        if (infos.isEmpty()) {
            return "none";
        }
        return infos.stream().limit(20).map(info -> info.path() + " " + info.shapeText())
                .collect(Collectors.joining(", ")) + (infos.size() > 20 ? ", ..." : "");
    }

    private static List<Hdf5DatasetInfo> sortedByPath(List<Hdf5DatasetInfo> infos) {
        return infos.stream().sorted(Comparator.comparing(Hdf5DatasetInfo::path)).toList();
    }

    private static String absolute(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
