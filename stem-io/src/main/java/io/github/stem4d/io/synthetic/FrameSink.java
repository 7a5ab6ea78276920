package io.github.stem4d.io.synthetic;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Writes encoded frames of one format in scan order. Not thread-safe. */
interface FrameSink {

    /** Returns the bytes of one encoded frame (header included for formats with frame headers). */
    int frameBytes();

    /** Encodes frame {@code index} from {@code counts} into {@code target} at its position. */
    void encode(long index, float[] counts, ByteBuffer target);

    /** Writes what precedes the first frame. */
    void writePrologue(FileChannel channel) throws IOException;

    /** Writes files that sit beside the scan, after the scan is complete. */
    default void writeSidecars(java.nio.file.Path scanFile) throws IOException {
    }
}
