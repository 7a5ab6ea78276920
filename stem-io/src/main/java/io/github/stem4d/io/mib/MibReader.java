package io.github.stem4d.io.mib;

import com.google.auto.service.AutoService;
import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanReader;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.internal.ReaderOptions;
import io.github.stem4d.io.internal.ScanFiles;
import io.github.stem4d.io.internal.ScanShapes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Quantum Detectors Merlin {@code .mib} files: frames of an ASCII header followed by
 * big-endian pixels, U08/U16/U32/U64 assembled or R64 raw (one chip or a 2x2 quad, which is
 * reassembled). Opening reads the first header and checks that the file size is a whole number
 * of frames. It also checks that the second, middle and last headers agree with the first.
 * Frames are then read with positional reads. The {@code .hdr} file beside the {@code .mib} file
 * is optional.
 *
 * <p>Scan shape, first match wins, reported in metadata as {@code scan_shape_source}:
 * {@code "caller"} ({@link OpenOptions#scanShape()}); {@code "hdr"} (ScanY x ScanX of the
 * {@code .hdr} file, or frames / Frames per Trigger x Frames per Trigger when that is between 1
 * and the frame count); {@code "timestamps"} (a periodic line-start delay in the frame times,
 * see {@link #INFER_SCAN_SHAPE}); {@code "single-row"} (one row of all frames).
 *
 * <p>Reader options ({@link OpenOptions#readerOptions()}); other names are rejected:
 * <ul>
 * <li>{@value #IGNORE_PARTIAL_FRAME} ({@code true}/{@code false}, default false): read the whole
 *     frames of a file that ends with part of a frame, instead of failing.
 * <li>{@value ScanShapes#IGNORE_TRAILING_FRAMES} (default false): drop the frames after the last
 *     one the scan shape uses, instead of failing. {@link OpenOptions#skipFrames()} drops leading ones.
 * <li>{@value #EXTRA_FRAMES_PER_LINE} (integer, default 0): frames recorded per scan row beyond
 *     the scan shape's columns (flyback or line-skip frames), dropped from every row.
 * <li>{@value #EXTRA_FRAMES_POSITION} ({@code start} or {@code end}, default start): where in
 *     each row those frames are.
 * <li>{@value #INFER_SCAN_SHAPE} (default true): search the frame timestamps for line starts when
 *     neither the caller nor the {@code .hdr} file gives the shape. This reads the headers of the
 *     first 2^20 frames (all frames of a scan up to 1024 x 1024).
 * </ul>
 *
 * <p>Stateless and thread-safe; each opened dataset is for one thread.
 */
@AutoService(ScanReader.class)
public final class MibReader implements ScanReader {

    /** Reader and format name. */
    public static final String FORMAT = "mib";
    /** Reader option: read the whole frames before a trailing partial frame. */
    public static final String IGNORE_PARTIAL_FRAME = "ignore-partial-frame";
    /** Reader option: frames per scan row beyond the scan shape's columns. */
    public static final String EXTRA_FRAMES_PER_LINE = "extra-frames-per-line";
    /** Reader option: {@code start} or {@code end}, the place of the extra frames in a row. */
    public static final String EXTRA_FRAMES_POSITION = "extra-frames-position";
    /** Reader option: whether to infer the scan shape from frame timestamps. */
    public static final String INFER_SCAN_SHAPE = "infer-scan-shape";

    private static final System.Logger LOG = System.getLogger(MibReader.class.getName());
    /** Bytes read to find the header length; the first three fields take 17. */
    private static final int PROBE_BYTES = 64;
    private static final int MIN_HEADER_BYTES = 24;
    private static final int MAX_HEADER_BYTES = 1 << 20;
    /** Resolution of the UTC timestamps after MQ1A (written with nanosecond digits, 10 ns steps). */
    private static final long EXTENDED_RESOLUTION_NANOS = 10;
    private static final long LOCAL_RESOLUTION_NANOS = 1_000;
    /** Most frame headers read by the timestamp search (a 1024 x 1024 scan). */
    private static final int MAX_TIMESTAMP_FRAMES = 1 << 20;

    /** Creates the provider; ServiceLoader calls this. */
    public MibReader() {
    }

    @Override
    public String name() {
        return FORMAT;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public int priority() {
        return 100;
    }

    /** Accepts files that start with {@code MQ1,} or whose name ends in {@code .mib}. */
    @Override
    public boolean canRead(Path path, ByteBuffer head) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return ScanFiles.startsWith(head, MibHeader.MAGIC) || name.endsWith(".mib");
    }

    /**
     * Opens a {@code .mib} file, reading headers only.
     *
     * @throws InvalidScanException if the file is empty, a header is invalid, the size is not a
     *     whole number of frames, or the scan shape does not fit the frames
     * @throws IOException if the file cannot be read
     */
    @Override
    public ScanDataset open(Path path, OpenOptions options) throws IOException {
        long size = ScanFiles.requireReadableFile(path);
        if (size == 0) {
            throw new InvalidScanException(path, "'" + path + "' is empty (0 bytes); expected Merlin frames, each"
                    + " starting with a header 'MQ1,'");
        }
        Settings settings = Settings.of(path, options);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return open(path, channel, size, options, settings);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private record Settings(boolean ignorePartial, boolean ignoreTrailing, int extraPerLine, boolean extraAtStart,
            boolean inferShape) {
        static Settings of(Path path, OpenOptions options) throws InvalidScanException {
            ReaderOptions.requireKnown(options, FORMAT, path, IGNORE_PARTIAL_FRAME, ScanShapes.IGNORE_TRAILING_FRAMES,
                    EXTRA_FRAMES_PER_LINE, EXTRA_FRAMES_POSITION, INFER_SCAN_SHAPE);
            return new Settings(
                    ReaderOptions.flag(options, IGNORE_PARTIAL_FRAME, false, path),
                    ReaderOptions.flag(options, ScanShapes.IGNORE_TRAILING_FRAMES, false, path),
                    ReaderOptions.count(options, EXTRA_FRAMES_PER_LINE, 0, 1 << 20, path),
                    ReaderOptions.choice(options, EXTRA_FRAMES_POSITION, "start", path, "start", "end").equals("start"),
                    ReaderOptions.flag(options, INFER_SCAN_SHAPE, true, path));
        }
    }

    private ScanDataset open(Path path, FileChannel channel, long size, OpenOptions options, Settings settings)
            throws IOException {
        int headerBytes = readHeaderLength(path, channel, size);
        byte[] firstHeader = readHeaderBytes(path, channel, 0, headerBytes);
        MibHeader first = MibHeader.parse(path, 0, firstHeader, headerBytes);
        Optional<HdrFile> hdr = Optional.empty();
        String hdrError = null;
        Optional<Path> hdrPath = HdrFile.locate(path);
        if (hdrPath.isPresent()) {
            try {
                hdr = Optional.of(HdrFile.read(hdrPath.get()));
            } catch (IOException e) {
                hdrError = e.getMessage();
                LOG.log(System.Logger.Level.WARNING, "ignoring unreadable .hdr file: {0}", hdrError);
            }
        }
        int hdrDepth = hdr.flatMap(h -> h.positiveInt("Counter Depth").stream().boxed().findFirst()).orElse(-1);
        MibPayload payload = MibPayload.of(path, first, hdrDepth);

        if (payload.bytes() > size - headerBytes) {
            throw new InvalidScanException(path, "the Merlin frame header of '" + path.getFileName()
                    + "' at offset 0 describes a payload of " + payload.bytes() + " bytes (" + first.width() + "x"
                    + first.height() + " " + first.typeCode() + "), but only " + (size - headerBytes)
                    + " bytes follow the " + headerBytes + "-byte header. The file is truncated or the header is invalid.");
        }
        long stride = headerBytes + payload.bytes();
        if (stride > Integer.MAX_VALUE) {
            throw new InvalidScanException(path, "Merlin frames of " + stride + " bytes in '" + path.getFileName()
                    + "' are not supported: at most " + Integer.MAX_VALUE + " bytes per frame");
        }
        long frames = size / stride;
        long partial = size % stride;
        if (partial != 0 && !settings.ignorePartial()) {
            throw new InvalidScanException(path, "the size of '" + path.getFileName() + "' (" + size
                    + " bytes) is not a whole number of Merlin frames of " + stride + " bytes (header " + headerBytes
                    + " + payload " + payload.bytes() + "): " + frames + " frames and " + partial
                    + " bytes left over at offset " + frames * stride + ". The file is truncated or its frames differ"
                    + " in size; pass reader option " + IGNORE_PARTIAL_FRAME + "=true to read the " + frames
                    + " whole frames.");
        }
        MibHeader last = checkHeaders(path, channel, first, frames, stride);

        long skip = options.skipFrames();
        if (skip >= frames) {
            throw new InvalidScanException(path, "cannot skip " + skip + " frames: '" + path.getFileName()
                    + "' contains " + frames + " frames");
        }
        long available = frames - skip;
        Map<String, Object> metadata = new LinkedHashMap<>();
        ScanShape shape = resolveScanShape(path, channel, options, settings, hdr, first, stride, skip, available,
                metadata);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("reader", FORMAT);
        result.put("file", path.toString());
        result.put("file_size_bytes", size);
        result.put("frames_in_file", frames);
        result.put("skip_frames", skip);
        result.put("header_bytes", headerBytes);
        result.put("payload_bytes", payload.bytes());
        result.put("frame_stride_bytes", stride);
        result.put("byte_order", "big-endian");
        result.put("mib_pixel_type", first.typeCode());
        result.put("payload_layout", payload.describe(first.typeCode()));
        result.put("counter_depth", first.counterDepth() > 0 ? first.counterDepth() : hdrDepth);
        result.put("chips", first.chips());
        result.put("sensor_layout", first.sensorLayout());
        result.put("header_width", first.width());
        result.put("header_height", first.height());
        result.put("first_sequence_number", first.sequence());
        result.put("last_sequence_number", last.sequence());
        result.put("first_timestamp", first.extendedTimestamp().isEmpty() ? first.localTimestamp()
                : first.extendedTimestamp());
        result.put("last_timestamp", last.extendedTimestamp().isEmpty() ? last.localTimestamp()
                : last.extendedTimestamp());
        result.put("shutter_s", first.shutter());
        if (partial != 0) {
            result.put("partial_frame_bytes_ignored", partial);
        }
        if (settings.extraPerLine() > 0) {
            result.put("extra_frames_per_line", settings.extraPerLine());
            result.put("extra_frames_position", settings.extraAtStart() ? "start" : "end");
        }
        result.putAll(metadata);
        hdrPath.ifPresent(p -> result.put("hdr_file", p.toString()));
        hdr.ifPresent(h -> result.put("hdr_fields", new LinkedHashMap<>(h.fields())));
        if (hdrError != null) {
            result.put("hdr_error", hdrError);
        }
        LOG.log(System.Logger.Level.DEBUG, "opened {0}: {1} frames of {2}, scan {3} from {4}", path, frames,
                payload.frameShape(), shape, result.get("scan_shape_source"));
        return new MibDataset(path, channel, shape, payload, headerBytes, stride, skip, settings.extraPerLine(),
                settings.extraAtStart(), firstHeader, result);
    }

    private static int readHeaderLength(Path path, FileChannel channel, long size) throws IOException {
        int probe = (int) Math.min(PROBE_BYTES, size);
        ByteBuffer buffer = ByteBuffer.allocate(probe);
        ScanFiles.readFully(channel, buffer, 0, path, "the first Merlin frame header");
        byte[] bytes = buffer.array();
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);

        if (!text.startsWith(MibHeader.MAGIC)) {
            throw new InvalidScanException(path, "'" + path.getFileName() + "' is not a Merlin .mib file: expected"
                    + " a frame header starting with 'MQ1,' at offset 0, found '"
                    + ScanFiles.printable(bytes, 0, probe, 16) + "'");
        }
        String[] tokens = text.split(",", 4);
        if (tokens.length < 4) {
            throw new InvalidScanException(path, "invalid Merlin frame header in '" + path.getFileName()
                    + "' at offset 0: expected 'MQ1,<sequence>,<header length>,' in the first " + probe
                    + " bytes, found '" + ScanFiles.printable(bytes, 0, probe, 32) + "'");
        }

        String field = tokens[2].replace("\0", "").trim();
        long length;
        try {
            length = Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw new InvalidScanException(path, "invalid Merlin frame header in '" + path.getFileName()
                    + "' at offset 0: the header length (field 2) should be a decimal number, found '" + field + "'");
        }

        if (length < MIN_HEADER_BYTES || length > MAX_HEADER_BYTES) {
            throw new InvalidScanException(path, "invalid Merlin frame header in '" + path.getFileName()
                    + "' at offset 0: header length " + length + " is outside " + MIN_HEADER_BYTES + " to "
                    + MAX_HEADER_BYTES + " bytes (Merlin writes 384 for one chip, 768 for four)");
        }
        if (length > size) {
            throw new InvalidScanException(path, "'" + path.getFileName() + "' is truncated: the frame header at"
                    + " offset 0 claims " + length + " bytes, but the file has only " + size);
        }
        return (int) length;
    }

    private static MibHeader readHeader(Path path, FileChannel channel, long offset, int headerBytes)
            throws IOException {
        return MibHeader.parse(path, offset, readHeaderBytes(path, channel, offset, headerBytes), headerBytes);
    }

    private static byte[] readHeaderBytes(Path path, FileChannel channel, long offset, int headerBytes)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(headerBytes);
        ScanFiles.readFully(channel, buffer, offset, path, "the Merlin frame header");
        return buffer.array();
    }

    /** Checks the second, middle and last headers against the first and returns the last. */
    private static MibHeader checkHeaders(Path path, FileChannel channel, MibHeader first, long frames, long stride)
            throws IOException {
        long[] probes = {1, frames / 2, frames - 1};
        MibHeader last = first;
        for (long frame : probes) {
            if (frame <= 0 || frame >= frames) {
                continue;
            }
            MibHeader header = readHeader(path, channel, frame * stride, first.headerBytes());
            boolean same = header.headerBytes() == first.headerBytes() && header.width() == first.width()
                    && header.height() == first.height() && header.typeCode().equals(first.typeCode());
            if (!same) {
                throw new InvalidScanException(path, "the Merlin frame header of frame " + frame + " in '"
                        + path.getFileName() + "' at offset " + frame * stride + " does not match the first: expected"
                        + " header length " + first.headerBytes() + ", " + first.width() + "x" + first.height() + " "
                        + first.typeCode() + "; found " + header.headerBytes() + ", " + header.width() + "x"
                        + header.height() + " " + header.typeCode() + ". Frames of different sizes are not supported.");
            }
            if (frame == frames - 1) {
                last = header;
            }
        }
        return last;
    }

    private static ScanShape resolveScanShape(Path path, FileChannel channel, OpenOptions options, Settings settings,
            Optional<HdrFile> hdr, MibHeader first, long stride, long skip, long available,
            Map<String, Object> metadata) throws IOException {
        int extra = settings.extraPerLine();
        ScanShape shape = null;
        String source;
        String note = null;
        if (options.scanShape().isPresent()) {
            shape = options.scanShape().get();
            source = "caller";
        } else {
            source = null;
            if (hdr.isPresent()) {
                var scanX = hdr.get().positiveInt("ScanX");
                var scanY = hdr.get().positiveInt("ScanY");
                var perTrigger = hdr.get().positiveInt("Frames per Trigger");
                if (scanX.isPresent() && scanY.isPresent()) {
                    shape = new ScanShape(scanY.getAsInt(), scanX.getAsInt());
                    source = "hdr";
                    note = "ScanX and ScanY of " + hdr.get().path().getFileName();
                } else if (perTrigger.isPresent() && perTrigger.getAsInt() > 1 + extra
                        && perTrigger.getAsInt() < available) {
                    int line = perTrigger.getAsInt();
                    shape = new ScanShape((int) Math.min(Integer.MAX_VALUE, available / line), line - extra);
                    source = "hdr";
                    note = "Frames per Trigger of " + hdr.get().path().getFileName() + " taken as frames per row";
                }
            }
            if (shape == null && settings.inferShape()) {
                MibTimestamps.Inference inference = inferFromTimestamps(path, channel, first, stride, skip, available);
                note = "timestamps: " + inference.note();
                if (inference.lineLength() > extra) {
                    int line = inference.lineLength();
                    shape = new ScanShape((int) Math.min(Integer.MAX_VALUE, available / line), line - extra);
                    source = "timestamps";
                }
            } else if (shape == null) {
                note = "timestamp search turned off with " + INFER_SCAN_SHAPE + "=false";
            }
            if (shape == null) {
                if (extra > 0) {
                    throw new InvalidScanException(path, "reader option " + EXTRA_FRAMES_PER_LINE + "=" + extra
                            + " needs a scan shape, but '" + path.getFileName() + "' gives none (" + note
                            + "). Pass a scan shape.");
                }
                shape = ScanShapes.singleRow(path, available);
                source = "single-row";
            }
        }

        long needed = shape.rows() * ((long) shape.cols() + extra);
        ScanShapes.checkFrameCount(path, shape, source, needed, available, skip, settings.ignoreTrailing());
        metadata.put("scan_shape_source", source);
        if (note != null) {
            metadata.put("scan_shape_note", note);
        }
        if (needed < available) {
            metadata.put("trailing_frames_ignored", available - needed);
        }
        return shape;
    }

    private static MibTimestamps.Inference inferFromTimestamps(Path path, FileChannel channel, MibHeader first,
            long stride, long skip, long available) throws IOException {
        // The first rows decide the row length, so a prefix bounds the time and memory of the search.
        int searched = (int) Math.min(available, MAX_TIMESTAMP_FRAMES);
        long[] nanos = new long[searched];
        boolean extended = !first.extendedTimestamp().isEmpty();
        for (int i = 0; i < nanos.length; i++) {
            long frame = skip + i;
            MibHeader header = frame == 0 ? first : readHeader(path, channel, frame * stride, first.headerBytes());
            nanos[i] = MibTimestamps.nanos(header);
            if (nanos[i] == Long.MIN_VALUE) {
                return new MibTimestamps.Inference(0, "frame " + frame + " has no readable timestamp");
            }
        }
        return MibTimestamps.inferLineLength(nanos, extended ? EXTENDED_RESOLUTION_NANOS : LOCAL_RESOLUTION_NANOS);
    }
}
