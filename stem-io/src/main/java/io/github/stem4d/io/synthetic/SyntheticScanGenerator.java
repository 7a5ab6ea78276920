package io.github.stem4d.io.synthetic;

import io.github.stem4d.analysis.scan.ScanShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Writes synthetic 4D-STEM scans with known regions, for demos, tests and benchmarks.
 *
 * <p>The scan is split into regions (a Voronoi partition around seeded random centres), each
 * showing one {@link RegionKind}. Every frame is its region's noise-free pattern shifted by up
 * to one pixel and scaled by a random thickness factor in [0.95, 1.05]. Gaussian noise with
 * variance equal to the mean is added (the normal approximation of Poisson counting noise),
 * and integer types are rounded and clamped. Noise values come from a fixed table indexed by a per-frame
 * xorshift generator, which keeps generation at a few nanoseconds per pixel.
 *
 * <p>Output is streamed: memory stays at a block of frames (at most about 16 MiB) plus one
 * template per region, whatever the scan size. The file is written under a temporary name in
 * the same folder and renamed when complete; the truth labels go to
 * {@code <file>.labels.npy}. Equal specs produce byte-identical files. Thread-safe; frames of
 * a block are computed on the common fork-join pool.
 */
public final class SyntheticScanGenerator {

    private static final int BLOCK_BYTES = 16 << 20;
    private static final int NOISE_TABLE_BITS = 16;
    private static final float[] NOISE = noiseTable();

    private SyntheticScanGenerator() {
    }

    /** Returns the truth labels path for a scan file: {@code <file>.labels.npy}, beside it. */
    public static Path labelsPathFor(Path scanFile) {
        String name = scanFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return scanFile.resolveSibling(base + ".labels.npy");
    }

    private static Path hdrPathFor(Path mibFile) {
        String name = mibFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return mibFile.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".hdr");
    }

    /**
     * Writes the scan described by {@code spec} to {@code output}, then its truth labels.
     *
     * @param replaceExisting whether an existing file at {@code output} may be replaced
     * @throws FileAlreadyExistsException if {@code output}, its labels file or its .hdr exists and
     *     {@code replaceExisting} is false
     * @throws IOException if {@code output} is a folder, if the folder's file store has too little
     *     usable space for the scan (checked before writing), or if writing fails; no partial file
     *     is left under the final name
     */
    public static GeneratedScan generate(SyntheticScanSpec spec, Path output, boolean replaceExisting)
            throws IOException {
        if (Files.isDirectory(output)) {
            throw new IOException(output + " is a folder; name a scan file, for example " + output.resolve("scan.npy"));
        }
        if (!replaceExisting) {
            // The labels file (and a Merlin .hdr) sit beside the scan under its base name, so
            // scan.npy and scan.raw share scan.labels.npy: check them all before writing anything.
            List<Path> targets = new ArrayList<>(List.of(output, labelsPathFor(output)));
            if (spec.format() == SyntheticFormat.MIB) {
                targets.add(hdrPathFor(output));
            }
            for (Path target : targets) {
                if (Files.exists(target)) {
                    throw new FileAlreadyExistsException(target.toString(), null,
                            "output file exists; choose another scan name or delete it first");
                }
            }
        }
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        checkFreeSpace(spec, parent);

        int[] labels = labelMap(spec.scanShape(), spec.regions(), spec.seed());
        RegionTemplates templates = RegionTemplates.build(spec.frameShape(), spec.regions());
        FrameSink sink = switch (spec.format()) {
            case NPY -> new NumericFrameSink(spec, true);
            case RAW -> new NumericFrameSink(spec, false);
            case MIB -> new MibFrameSink(spec);
        };

        Path temporary = Files.createTempFile(parent, "." + output.getFileName(), ".partial");
        shareReadable(temporary);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                sink.writePrologue(channel);
                writeFrames(spec, labels, templates, sink, channel);
            }
            move(temporary, output, replaceExisting);
        } finally {
            Files.deleteIfExists(temporary);
        }

        List<Path> sidecars = new ArrayList<>();
        sink.writeSidecars(output);
        if (spec.format() == SyntheticFormat.MIB) {
            sidecars.add(hdrPathFor(output));
        }
        Path labelsFile = labelsPathFor(output);
        writeLabels(labelsFile, spec.scanShape(), labels);

        List<RegionKind> kinds = Arrays.asList(RegionKind.values()).subList(0, spec.regions());
        return new GeneratedScan(output, labelsFile, sidecars, spec, kinds, labels, Files.size(output));
    }

    /**
     * Rejects a spec whose scan and labels files do not fit in the usable space of the folder's
     * file store, before anything is written.
     */
    private static void checkFreeSpace(SyntheticScanSpec spec, Path folder) throws IOException {
        long needed = spec.fileBytes() + spec.scanShape().frameCount() * Long.BYTES + 4096;
        long usable = Files.getFileStore(folder).getUsableSpace();
        if (needed > usable) {
            throw new IOException("not enough free disk space in " + folder + ": the scan needs " + needed
                    + " bytes but only " + usable + " bytes are usable; choose a smaller --scan-shape or --detector,"
                    + " or another folder");
        }
    }

    /**
     * Returns the region of every probe position, in scan order: each position takes the label
     * of its nearest seeded centre, and centre {@code i} sits on a distinct position, so every
     * label from 0 to {@code regions - 1} occurs.
     */
    static int[] labelMap(ScanShape shape, int regions, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x6A09E667F3BCC909L);
        long positions = shape.frameCount();
        long[] centres = random.longs(0, positions).distinct().limit(regions).toArray();
        int[] labels = new int[Math.toIntExact(positions)];
        int cols = shape.cols();
        for (int index = 0; index < labels.length; index++) {
            int y = index / cols;
            int x = index % cols;
            double best = Double.MAX_VALUE;
            for (int r = 0; r < regions; r++) {
                double dy = y - centres[r] / cols;
                double dx = x - centres[r] % cols;
                double distance = dy * dy + dx * dx;
                if (distance < best) {
                    best = distance;
                    labels[index] = r;
                }
            }
        }
        return labels;
    }

    private static void writeFrames(SyntheticScanSpec spec, int[] labels, RegionTemplates templates, FrameSink sink,
            FileChannel channel) throws IOException {
        int frameBytes = sink.frameBytes();
        int blockFrames = Math.max(1, BLOCK_BYTES / frameBytes);
        long total = spec.scanShape().frameCount();
        ByteBuffer block = ByteBuffer.allocateDirect(blockFrames * frameBytes);
        ThreadLocal<float[]> counts = ThreadLocal.withInitial(() -> new float[spec.frameShape().pixelCount()]);

        for (long first = 0; first < total; first += blockFrames) {
            long start = first;
            int n = (int) Math.min(blockFrames, total - first);
            IntStream.range(0, n).parallel().forEach(i -> {
                long index = start + i;
                float[] frame = counts.get();
                renderFrame(spec, templates, labels[(int) index], index, frame);
                ByteBuffer target = block.slice(i * frameBytes, frameBytes).order(ByteOrder.LITTLE_ENDIAN);
                sink.encode(index, frame, target);
            });
            block.position(0).limit(n * frameBytes);
            while (block.hasRemaining()) {
                channel.write(block);
            }
            block.clear();
        }
    }

    /** Fills {@code frame} with the noisy counts of frame {@code index}; depends only on the spec and the index. */
    static void renderFrame(SyntheticScanSpec spec, RegionTemplates templates, int region, long index, float[] frame) {
        SplittableRandom random = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + index);
        int dy = random.nextInt(3) - 1;
        int dx = random.nextInt(3) - 1;
        float thickness = (float) (0.95 + 0.1 * random.nextDouble());
        float noiseScale = (float) Math.sqrt(thickness);
        long state = random.nextLong() | 1L;

        float[] mean = templates.mean(region);
        float[] sqrtMean = templates.sqrtMean(region);
        int padded = templates.paddedWidth();
        int rows = spec.frameShape().rows();
        int cols = spec.frameShape().cols();
        int mask = (1 << NOISE_TABLE_BITS) - 1;
        for (int y = 0; y < rows; y++) {
            int source = (y + RegionTemplates.MARGIN + dy) * padded + RegionTemplates.MARGIN + dx;
            int target = y * cols;
            for (int x = 0; x < cols; x++) {
                // xorshift64 (Marsaglia 2003): cheap, and good enough to pick table entries.
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                float z = NOISE[(int) state & mask];
                float value = thickness * mean[source + x] + noiseScale * sqrtMean[source + x] * z;
                frame[target + x] = Math.max(0f, value);
            }
        }
    }

    private static float[] noiseTable() {
        // java.util.Random's algorithm is fixed by its specification, so the table is identical on every JVM.
        Random random = new Random(0x5EEDL);
        float[] table = new float[1 << NOISE_TABLE_BITS];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) random.nextGaussian();
        }
        return table;
    }

    private static void writeLabels(Path file, ScanShape shape, int[] labels) throws IOException {
        byte[] header = NpyHeader.encode("<i4", shape.rows(), shape.cols());
        ByteBuffer bytes = ByteBuffer.allocate(header.length + 4 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put(header);
        for (int label : labels) {
            bytes.putInt(label);
        }
        writeAtomically(file, bytes.array(), true);
    }

    /** Writes {@code content} to a temporary file beside {@code target}, then renames it. */
    static void writeAtomically(Path target, byte[] content, boolean replaceExisting) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(parent, "." + target.getFileName(), ".partial");
        shareReadable(temporary);
        try {
            Files.write(temporary, content);
            move(temporary, target, replaceExisting);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Gives a temporary file the usual rw-r--r-- mode; createTempFile makes it private to the owner. */
    private static void shareReadable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the default permissions stand.
        }
    }

    private static void move(Path from, Path to, boolean replaceExisting) throws IOException {
        if (replaceExisting) {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            // NOTE: a file created at 'to' after the existence check is replaced here, because ATOMIC_MOVE
            // renames over it on POSIX. The window lasts as long as one generation.
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
