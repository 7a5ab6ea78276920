package io.github.stem4d.io.internal;

import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.ScanShape;
import java.nio.file.Path;

/** Checks a scan shape against the frames a file contains. */
public final class ScanShapes {

    /** Reader option that drops frames after the last one the scan shape needs. */
    public static final String IGNORE_TRAILING_FRAMES = "ignore-trailing-frames";

    private ScanShapes() {
    }

    /**
     * Returns a one-row scan of {@code frames} frames.
     *
     * @throws InvalidScanException if there are no frames or more than {@link Integer#MAX_VALUE}
     */
    public static ScanShape singleRow(Path path, long frames) throws InvalidScanException {
        if (frames < 1) {
            throw new InvalidScanException(path, "'" + path + "' contains no frames to read");
        }
        if (frames > Integer.MAX_VALUE) {
            throw new InvalidScanException(path, "'" + path + "' contains " + frames
                    + " frames, too many for one scan row; pass a scan shape (for example --scan-shape 256x256)");
        }
        return new ScanShape(1, (int) frames);
    }

    /**
     * Checks that {@code needed} frames fit in the {@code available} ones.
     *
     * @param shape the scan shape, for the message
     * @param source where the shape came from ("caller", "hdr", ...), for the message
     * @param needed frames the shape uses, counting extra frames per line
     * @param available frames in the file after {@code skipped} leading frames
     * @param ignoreTrailing whether frames after the last needed one may be dropped
     * @throws InvalidScanException if more frames are needed than available, or fewer without
     *     {@code ignoreTrailing}; the message names the option that fixes it
     */
    public static void checkFrameCount(Path path, ScanShape shape, String source, long needed, long available,
            long skipped, boolean ignoreTrailing) throws InvalidScanException {
        String skippedText = skipped == 0 ? "" : " after skipping " + skipped;
        if (needed > available) {
            throw new InvalidScanException(path, "scan shape " + shape + " (from " + source + ") needs " + needed
                    + " frames, but '" + path.getFileName() + "' contains only " + available + " frames" + skippedText
                    + ". Pass a scan shape that fits (rows x columns <= " + available + ").");
        }
        if (needed < available && !ignoreTrailing) {
            throw new InvalidScanException(path, "'" + path.getFileName() + "' contains " + available + " frames"
                    + skippedText + ", but scan shape " + shape + " (from " + source + ") uses " + needed
                    + ". Pass reader option " + IGNORE_TRAILING_FRAMES + "=true to drop the last "
                    + (available - needed) + " frames, skip leading frames (skipFrames), or pass another scan shape.");
        }
    }
}
