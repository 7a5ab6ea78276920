package io.github.stem4d.io.raw;

import com.google.auto.service.AutoService;
import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.RawLayout;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanReader;
import io.github.stem4d.analysis.scan.ScanShape;
import io.github.stem4d.io.internal.ReaderOptions;
import io.github.stem4d.io.internal.ScanFiles;
import io.github.stem4d.io.internal.ScanShapes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads headerless binary scans whose byte layout the caller gives in
 * {@link OpenOptions#rawLayout()}: a file header, then for every frame its pixels followed by
 * a gap (for example the two footer rows of EMPAD frames). The file size must match the layout:
 * a whole number of frames, where the last frame's gap may be missing.
 *
 * <p>Scan shape: the caller's ({@code "caller"}), else one row of all frames ({@code "single-row"}).
 * {@link OpenOptions#skipFrames()} drops leading frames; reader options
 * {@value ScanShapes#IGNORE_TRAILING_FRAMES}{@code =true} lets the scan shape use fewer frames
 * than the file contains, and {@value #IGNORE_PARTIAL_FRAME}{@code =true} reads the whole frames of
 * a file that ends with part of a frame. Other reader option names are rejected.
 *
 * <p>Its {@link #canRead} accepts only names ending in {@code .raw} or {@code .bin}, at a low
 * priority; other files need the format named ({@code --format raw}). Stateless and
 * thread-safe; each opened dataset is for one thread.
 */
@AutoService(ScanReader.class)
public final class RawReader implements ScanReader {

    /** Reader and format name. */
    public static final String FORMAT = "raw";
    /** Reader option: read the whole frames before a trailing partial frame. */
    public static final String IGNORE_PARTIAL_FRAME = "ignore-partial-frame";

    /** Creates the provider; ServiceLoader calls this. */
    public RawReader() {
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
        return -100;
    }

    @Override
    public boolean canRead(Path path, ByteBuffer head) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".raw") || name.endsWith(".bin");
    }

    /**
     * Opens a raw file after checking its size against the layout.
     *
     * @throws InvalidScanException if no layout is given, the file is shorter than the header or
     *     one frame, the size is not a whole number of frames, or the scan shape does not fit
     * @throws IOException if the file cannot be read
     */
    @Override
    public ScanDataset open(Path path, OpenOptions options) throws IOException {
        long size = ScanFiles.requireReadableFile(path);
        if (options.rawLayout().isEmpty()) {
            throw new InvalidScanException(path, "raw file '" + path.getFileName() + "' needs its byte layout:"
                    + " pass a RawLayout (frame shape, pixel type, byte order, header and per-frame gap bytes)"
                    + " in OpenOptions.rawLayout (command line: --frame-shape and --pixel-type)");
        }
        RawLayout layout = options.rawLayout().get();
        ReaderOptions.requireKnown(options, FORMAT, path, IGNORE_PARTIAL_FRAME, ScanShapes.IGNORE_TRAILING_FRAMES);
        boolean ignorePartial = ReaderOptions.flag(options, IGNORE_PARTIAL_FRAME, false, path);
        boolean ignoreTrailing = ReaderOptions.flag(options, ScanShapes.IGNORE_TRAILING_FRAMES, false, path);

        long payload = (long) layout.frameShape().pixelCount() * layout.pixelType().bytes();
        if (layout.frameGapBytes() > Integer.MAX_VALUE - payload) {
            throw new InvalidScanException(path, "raw frames of " + payload + " pixel bytes + " + layout.frameGapBytes()
                    + " gap bytes are not supported: at most " + Integer.MAX_VALUE
                    + " bytes from one frame to the next. Check the frame gap of the layout.");
        }
        long stride = layout.frameStrideBytes();
        if (stride > Integer.MAX_VALUE) {
            throw new InvalidScanException(path, "raw frames of " + stride + " bytes are not supported: at most "
                    + Integer.MAX_VALUE + " bytes from one frame to the next");
        }
        long body = size - layout.headerBytes();
        if (body < payload) {
            throw new InvalidScanException(path, "raw file '" + path.getFileName() + "' has " + size + " bytes, but"
                    + " its layout needs " + layout.headerBytes() + " header bytes and at least one frame of "
                    + payload + " bytes (" + layout.frameShape() + " " + layout.pixelType()
                    + ") from offset " + layout.headerBytes());
        }
        long frames = (body - payload) / stride + 1;
        long leftover = body - (frames - 1) * stride - payload;
        if (leftover != 0 && leftover != layout.frameGapBytes() && !ignorePartial) {
            throw new InvalidScanException(path, "the size of raw file '" + path.getFileName() + "' (" + size
                    + " bytes) does not match its layout: " + layout.headerBytes() + " header bytes and " + frames
                    + " frames of " + stride + " bytes (" + payload + " pixel bytes + " + layout.frameGapBytes()
                    + " gap bytes) leave " + leftover + " bytes at offset " + (size - leftover) + ". Check the"
                    + " layout, or pass reader option " + IGNORE_PARTIAL_FRAME + "=true to read the " + frames
                    + " whole frames.");
        }

        long skip = options.skipFrames();
        if (skip >= frames) {
            throw new InvalidScanException(path, "cannot skip " + skip + " frames: '" + path.getFileName()
                    + "' contains " + frames + " frames");
        }
        long available = frames - skip;
        ScanShape shape;
        String source;
        if (options.scanShape().isPresent()) {
            shape = options.scanShape().get();
            source = "caller";
        } else {
            shape = ScanShapes.singleRow(path, available);
            source = "single-row";
        }
        ScanShapes.checkFrameCount(path, shape, source, shape.frameCount(), available, skip, ignoreTrailing);

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("reader", FORMAT);
        metadata.put("file", path.toString());
        metadata.put("file_size_bytes", size);
        metadata.put("header_bytes", layout.headerBytes());
        metadata.put("frame_bytes", payload);
        metadata.put("frame_gap_bytes", layout.frameGapBytes());
        metadata.put("frame_stride_bytes", stride);
        metadata.put("byte_order", layout.byteOrder() == ByteOrder.BIG_ENDIAN ? "big-endian" : "little-endian");
        metadata.put("frames_in_file", frames);
        metadata.put("skip_frames", skip);
        metadata.put("scan_shape_source", source);
        if (leftover != 0 && leftover != layout.frameGapBytes()) {
            metadata.put("partial_frame_bytes_ignored", leftover);
        }
        if (shape.frameCount() < available) {
            metadata.put("trailing_frames_ignored", available - shape.frameCount());
        }

        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        return new RawDataset(path, channel, layout, shape, skip, metadata);
    }
}
