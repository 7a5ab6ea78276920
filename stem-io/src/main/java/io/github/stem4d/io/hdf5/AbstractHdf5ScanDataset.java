package io.github.stem4d.io.hdf5;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the HDF5 backends' datasets: maps scan frames to the parts of an {@link Hdf5Layout}
 * and converts stored elements with {@link Hdf5Pixels}, so that a backend only reads runs of
 * frames from one part.
 *
 * <p>Thread safety: one reading thread at a time, as {@link Hdf5ScanDataset}.
 */
public abstract class AbstractHdf5ScanDataset implements Hdf5ScanDataset {

    /** Receives converted elements; {@code srcIndex} counts elements of the buffer, not bytes. */
    @FunctionalInterface
    protected interface Target {
        /** Converts {@code count} elements from {@code src} at {@code srcIndex} to the destination at {@code dstIndex}. */
        void put(ByteBuffer src, int srcIndex, int count, int dstIndex);
    }

    private final Path path;
    private final Hdf5Layout layout;
    private final long[] partStart;
    private final Map<String, Object> metadata;
    private boolean closed;

    /**
     * Creates the dataset.
     *
     * @param path the HDF5 file
     * @param layout where the frames are
     * @param metadata backend details; the layout's fields are added
     */
    protected AbstractHdf5ScanDataset(Path path, Hdf5Layout layout, Map<String, Object> metadata) {
        this.path = path;
        this.layout = layout;
        this.partStart = new long[layout.parts().size()];
        long start = 0;
        for (int i = 0; i < partStart.length; i++) {
            partStart[i] = start;
            start += layout.partFrames().get(i);
        }
        Map<String, Object> all = new LinkedHashMap<>(metadata);
        all.put("file", path.toString());
        all.put("layout", layout.layout());
        all.put("dataset_path", String.join(", ", layout.parts()));
        all.put("dtype", layout.pixelType().name().toLowerCase(java.util.Locale.ROOT));
        all.put("stored_frames", layout.storedFrames());
        all.put("skipped_frames", layout.firstFrame());
        all.put("scan_shape_source", layout.scanShapeSource());
        this.metadata = Collections.unmodifiableMap(all);
    }

    @Override
    public ScanShape scanShape() {
        return layout.scanShape();
    }

    @Override
    public FrameShape frameShape() {
        return layout.frameShape();
    }

    @Override
    public PixelType pixelType() {
        return layout.pixelType();
    }

    @Override
    public String format() {
        return "hdf5";
    }

    @Override
    public Map<String, Object> metadata() {
        return metadata;
    }

    @Override
    public Hdf5Layout layout() {
        return layout;
    }

    /** Returns the HDF5 file. */
    protected Path path() {
        return path;
    }

    @Override
    public void readFrames(long firstFrame, int count, float[] destination) throws IOException {
        PixelType type = layout.pixelType();
        read(firstFrame, count, destination.length,
                (src, srcIndex, n, dstIndex) -> Hdf5Pixels.toFloat(src, srcIndex, type, n, destination, dstIndex));
    }

    @Override
    public void readFramesExact(long firstFrame, int count, double[] destination) throws IOException {
        PixelType type = layout.pixelType();
        read(firstFrame, count, destination.length,
                (src, srcIndex, n, dstIndex) -> Hdf5Pixels.toDouble(src, srcIndex, type, n, destination, dstIndex));
    }

    private void read(long firstFrame, int count, int destinationLength, Target target) throws IOException {
        if (closed) {
            throw new IOException("HDF5 scan '" + path + "' is closed");
        }
        long frames = frameCount();
        if (firstFrame < 0 || count < 0 || firstFrame > frames - count) {
            throw new IndexOutOfBoundsException("frames " + firstFrame + " to " + (firstFrame + count)
                    + " are outside the scan of " + frames + " frames");
        }
        int pixels = layout.frameShape().pixelCount();
        if ((long) count * pixels > destinationLength) {
            throw new IndexOutOfBoundsException("destination of " + destinationLength + " values is too short for "
                    + count + " frames of " + pixels + " pixels");
        }

        int done = 0;
        while (done < count) {
            long stackFrame = layout.firstFrame() + firstFrame + done;
            int part = partOf(stackFrame);
            long local = stackFrame - partStart[part];
            int run = (int) Math.min(count - done, layout.partFrames().get(part) - local);
            readPart(part, local, run, target, done * pixels);
            done += run;
        }
    }

    private int partOf(long stackFrame) {
        int part = partStart.length - 1;
        while (partStart[part] > stackFrame) {
            part--;
        }
        return part;
    }

    /**
     * Reads {@code frames} frames of one part, starting at frame {@code localFrame} of that part
     * (for a 4D part, {@code localFrame = scan_y * scan_x_size + scan_x}), and hands every
     * frame's elements, row-major, to {@code target} from {@code dstIndex} on.
     *
     * @throws InvalidScanException if the stored data cannot be decoded
     * @throws IOException if the file cannot be read
     */
    protected abstract void readPart(int part, long localFrame, int frames, Target target, int dstIndex)
            throws IOException;

    /** Closes the backend's handles; called once. */
    protected abstract void closeHandles() throws IOException;

    @Override
    public final void close() throws IOException {
        if (!closed) {
            closed = true;
            closeHandles();
        }
    }
}
