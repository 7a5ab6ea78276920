package io.github.stem4d.io.npy;

import com.google.auto.service.AutoService;
import io.github.stem4d.analysis.scan.FrameShape;
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
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads NumPy {@code .npy} files (format versions 1, 2 and 3) that hold a 4D array (scan_y,
 * scan_x, det_y, det_x), a 3D stack (N, det_y, det_x) or one 2D frame, of dtype u1, u2, u4, u8,
 * i1, i2, i4, i8, f4, f8 or b1 in either byte order. C-order frames are read with positional
 * reads; Fortran-order frames are gathered element by element from memory-mapped windows, which
 * is slower.
 *
 * <p>Scan shape, reported as {@code scan_shape_source}: {@code "caller"}
 * ({@link OpenOptions#scanShape()}, any shape whose frames fit), {@code "file"} (the first two
 * axes of a 4D array), else {@code "single-row"}. {@link OpenOptions#skipFrames()} drops leading
 * frames and reader option {@value ScanShapes#IGNORE_TRAILING_FRAMES}{@code =true} lets a caller's
 * scan shape use fewer frames than the file contains; other reader option names are rejected.
 *
 * <p>Stateless and thread-safe; each opened dataset is for one thread.
 */
@AutoService(ScanReader.class)
public final class NpyReader implements ScanReader {

    /** Reader and format name. */
    public static final String FORMAT = "npy";

    /** Creates the provider; ServiceLoader calls this. */
    public NpyReader() {
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

    /** Accepts files that start with the NumPy magic or whose name ends in {@code .npy}. */
    @Override
    public boolean canRead(Path path, ByteBuffer head) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return true;
        }
        if (head.remaining() < NpyHeader.MAGIC.length) {
            return false;
        }
        for (int i = 0; i < NpyHeader.MAGIC.length; i++) {
            if (head.get(head.position() + i) != NpyHeader.MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Opens a {@code .npy} file, reading its header only.
     *
     * @throws InvalidScanException if the header is invalid or unsupported, the data is shorter
     *     than the header claims, or the scan shape does not fit the frames
     * @throws IOException if the file cannot be read
     */
    @Override
    public ScanDataset open(Path path, OpenOptions options) throws IOException {
        long size = ScanFiles.requireReadableFile(path);
        if (size == 0) {
            throw new InvalidScanException(path, "'" + path + "' is empty (0 bytes); expected a NumPy .npy file");
        }
        ReaderOptions.requireKnown(options, FORMAT, path, ScanShapes.IGNORE_TRAILING_FRAMES);
        boolean ignoreTrailing = ReaderOptions.flag(options, ScanShapes.IGNORE_TRAILING_FRAMES, false, path);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return open(path, channel, size, options, ignoreTrailing);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static ScanDataset open(Path path, FileChannel channel, long size, OpenOptions options,
            boolean ignoreTrailing) throws IOException {
        NpyHeader header = NpyHeader.read(path, channel, size);
        long[] shape = header.shape();
        if (shape.length < 2 || shape.length > 4) {
            throw new InvalidScanException(path, "NumPy array " + header.shapeText() + " in '" + path.getFileName()
                    + "' has " + shape.length + " axes: expected 4 (scan_y, scan_x, det_y, det_x), 3 (frame, det_y,"
                    + " det_x) or 2 (det_y, det_x)");
        }
        FrameShape frameShape = frameShape(path, header);
        long fileFrames = header.dataBytes() / ((long) frameShape.pixelCount() * header.pixelType().bytes());
        if (fileFrames == 0) {
            throw new InvalidScanException(path, "NumPy array " + header.shapeText() + " in '" + path.getFileName()
                    + "' contains no frames");
        }

        long skip = options.skipFrames();
        if (skip >= fileFrames) {
            throw new InvalidScanException(path, "cannot skip " + skip + " frames: '" + path.getFileName()
                    + "' contains " + fileFrames + " frames");
        }
        long available = fileFrames - skip;
        ScanShape scanShape;
        String source;
        if (options.scanShape().isPresent()) {
            scanShape = options.scanShape().get();
            source = "caller";
        } else if (shape.length == 4 && skip == 0) {
            if (shape[0] > Integer.MAX_VALUE || shape[1] > Integer.MAX_VALUE) {
                throw new InvalidScanException(path, "NumPy scan axes " + header.shapeText() + " in '"
                        + path.getFileName() + "' are too long: at most " + Integer.MAX_VALUE + " each");
            }
            scanShape = new ScanShape((int) shape[0], (int) shape[1]);
            source = "file";
        } else if (shape.length == 4) {
            throw new InvalidScanException(path, "skipping " + skip + " frames of the 4D array " + header.shapeText()
                    + " in '" + path.getFileName() + "' leaves no scan shape: pass one with the skip");
        } else {
            scanShape = ScanShapes.singleRow(path, available);
            source = "single-row";
        }
        ScanShapes.checkFrameCount(path, scanShape, source, scanShape.frameCount(), available, skip, ignoreTrailing);

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("reader", FORMAT);
        metadata.put("file", path.toString());
        metadata.put("file_size_bytes", size);
        metadata.put("npy_version", header.version() + ".0");
        metadata.put("dtype", header.descr());
        metadata.put("byte_order", header.byteOrder() == ByteOrder.BIG_ENDIAN ? "big-endian" : "little-endian");
        metadata.put("fortran_order", header.fortranOrder());
        metadata.put("array_shape", header.shapeText());
        metadata.put("data_offset_bytes", header.dataOffset());
        metadata.put("data_bytes", header.dataBytes());
        long extraBytes = size - header.dataOffset() - header.dataBytes();
        if (extraBytes > 0) {
            metadata.put("bytes_after_data", extraBytes);
        }
        metadata.put("frames_in_file", fileFrames);
        metadata.put("skip_frames", skip);
        metadata.put("access", header.fortranOrder() ? "memory-mapped, element by element (Fortran order)"
                : "positional reads of whole frames");
        metadata.put("scan_shape_source", source);
        if (scanShape.frameCount() < available) {
            metadata.put("trailing_frames_ignored", available - scanShape.frameCount());
        }

        if (header.fortranOrder()) {
            return new NpyFortranDataset(path, channel, header, scanShape, frameShape, fileFrames, skip, metadata);
        }
        return new NpyDataset(path, channel, header, scanShape, frameShape, skip, metadata);
    }

    private static FrameShape frameShape(Path path, NpyHeader header) throws InvalidScanException {
        long[] shape = header.shape();
        long rows = shape[shape.length - 2];
        long cols = shape[shape.length - 1];
        try {
            if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("frame " + rows + "x" + cols + " is too large");
            }
            return new FrameShape((int) rows, (int) cols);
        } catch (IllegalArgumentException e) {
            throw new InvalidScanException(path, "NumPy array " + header.shapeText() + " in '" + path.getFileName()
                    + "' has an unsupported frame size: " + e.getMessage(), e);
        }
    }
}
