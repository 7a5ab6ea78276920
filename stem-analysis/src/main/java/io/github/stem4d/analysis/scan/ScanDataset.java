package io.github.stem4d.analysis.scan;

import java.io.IOException;
import java.util.Map;

/**
 * An open 4D-STEM scan: scan_y x scan_x frames of det_y x det_x pixels, read on demand.
 *
 * <p>Opening a dataset reads headers only; frames are read by {@link #readFrames}. Frame
 * indices are in scan order (row-major over scan_y, scan_x) and every frame is row-major over
 * (det_y, det_x).
 *
 * <p>Thread safety: one thread at a time may call {@link #readFrames}; callers that read in
 * parallel open one dataset per thread. The shape accessors are safe from any thread.
 */
public interface ScanDataset extends AutoCloseable {

    /** Returns the scan shape (rows = scan_y, cols = scan_x). */
    ScanShape scanShape();

    /** Returns the frame shape (rows = det_y, cols = det_x). */
    FrameShape frameShape();

    /** Returns the stored element type. */
    PixelType pixelType();

    /** Returns the short name of the file format, for example {@code "hdf5"}, {@code "mib"}. */
    String format();

    /**
     * Returns format details for people and for {@code summary.json}: backend, dataset path,
     * chunking, header fields, and {@code "scan_shape_source"} (where the scan shape came from).
     * Values are strings, numbers, booleans, lists or maps of those.
     */
    Map<String, Object> metadata();

    /** Returns the number of frames, {@code scanShape().frameCount()}. */
    default long frameCount() {
        return scanShape().frameCount();
    }

    /**
     * Reads {@code count} consecutive frames starting at {@code firstFrame} into
     * {@code destination}, converted to float, frame after frame. Allocates nothing
     * proportional to the scan; a reader may keep one reusable buffer of a chunk or block.
     *
     * @param firstFrame index of the first frame in scan order
     * @param count number of frames to read
     * @param destination receives {@code count * frameShape().pixelCount()} values from index 0
     * @throws IndexOutOfBoundsException if the range is outside the scan or the destination is too short
     * @throws IOException if the file cannot be read or its content is invalid
     */
    void readFrames(long firstFrame, int count, float[] destination) throws IOException;

    /** Releases the file handles and buffers; further reads fail. */
    @Override
    void close() throws IOException;
}
