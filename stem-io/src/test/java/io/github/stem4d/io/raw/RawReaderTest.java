package io.github.stem4d.io.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.RawLayout;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.analysis.scan.ScanShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Raw files written by the test: header, frames and per-frame gaps in a caller-given layout. */
class RawReaderTest {

    @TempDir
    Path dir;

    /** Writes {@code frames} frames of {@code layout} whose pixel i of frame f is {@code f * 100 + i - 7}. */
    private static byte[] bytes(RawLayout layout, int frames, boolean lastGap) {
        int pixels = layout.frameShape().pixelCount();
        long size = layout.headerBytes() + frames * layout.frameStrideBytes() - (lastGap ? 0 : layout.frameGapBytes());
        ByteBuffer buffer = ByteBuffer.allocate((int) size).order(layout.byteOrder());
        Arrays.fill(buffer.array(), 0, (int) layout.headerBytes(), (byte) 0x55);
        buffer.position((int) layout.headerBytes());
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < pixels; i++) {
                double value = f * 100 + i - 7;
                switch (layout.pixelType()) {
                    case INT8, UINT8 -> buffer.put((byte) value);
                    case INT16, UINT16 -> buffer.putShort((short) value);
                    case INT32, UINT32 -> buffer.putInt((int) value);
                    case INT64, UINT64 -> buffer.putLong((long) value);
                    case FLOAT32 -> buffer.putFloat((float) value);
                    case FLOAT64 -> buffer.putDouble(value);
                }
            }
            if (f < frames - 1 || lastGap) {
                for (long g = 0; g < layout.frameGapBytes(); g++) {
                    buffer.put((byte) 0x7F);
                }
            }
        }
        return buffer.array();
    }

    private static RawLayout layout(PixelType type, String order, long header, long gap) {
        return new RawLayout(new FrameShape(3, 4), type, order.equals("big") ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN, header, gap);
    }

    @ParameterizedTest(name = "{0} {1}-endian header {2} gap {3}")
    @CsvSource({
        "INT16, little, 0, 0",
        "INT16, big, 100, 7",
        "INT32, big, 3, 256",
        "FLOAT32, little, 0, 512",
        "FLOAT64, big, 8, 1",
        "INT64, little, 1, 3",
    })
    void framesRoundTrip(PixelType type, String order, long header, long gap) throws IOException {
        RawLayout layout = layout(type, order, header, gap);
        Path file = Files.write(dir.resolve("scan.raw"), bytes(layout, 6, true));
        OpenOptions options = OpenOptions.builder().rawLayout(layout).scanShape(new ScanShape(2, 3)).build();

        try (ScanDataset dataset = ScanDatasets.open(file, options)) {
            float[] all = new float[6 * 12];
            dataset.readFrames(0, 6, all);

            assertEquals("raw", dataset.format());
            assertEquals("caller", dataset.metadata().get("scan_shape_source"));
            for (int f = 0; f < 6; f++) {
                for (int i = 0; i < 12; i++) {
                    assertEquals(f * 100 + i - 7, all[f * 12 + i], 0f, "frame " + f + " pixel " + i);
                }
            }
        }
    }

    @Test
    void lastFrameMayLackItsGap() throws IOException {
        RawLayout layout = layout(PixelType.UINT16, "little", 16, 10);
        Path file = Files.write(dir.resolve("scan.bin"), bytes(layout, 5, false));

        try (ScanDataset dataset = ScanDatasets.open(file, OpenOptions.builder().rawLayout(layout).build())) {
            float[] frame = new float[12];
            dataset.readFrames(4, 1, frame);

            assertEquals(new ScanShape(1, 5), dataset.scanShape());
            assertEquals("single-row", dataset.metadata().get("scan_shape_source"));
            assertEquals(400 + 11 - 7, frame[11], 0f);
        }
    }

    @Test
    void partialFrameIsReadOnRequest() throws IOException {
        RawLayout layout = layout(PixelType.UINT8, "little", 0, 0);
        Path file = Files.write(dir.resolve("scan.raw"), Arrays.copyOf(bytes(layout, 4, true), 4 * 12 + 5));
        OpenOptions options = OpenOptions.builder().rawLayout(layout)
                .readerOption(RawReader.IGNORE_PARTIAL_FRAME, "true").build();

        try (ScanDataset dataset = ScanDatasets.open(file, options)) {
            assertEquals(4, dataset.frameCount());
            assertEquals(5L, dataset.metadata().get("partial_frame_bytes_ignored"));
        }
    }

    static Stream<Arguments> badFiles() {
        RawLayout layout = layout(PixelType.UINT16, "little", 16, 8);
        byte[] three = bytes(layout, 3, true);
        OpenOptions withLayout = OpenOptions.builder().rawLayout(layout).build();
        return Stream.of(
                Arguments.of("no layout", three, OpenOptions.builder().format("raw").build(),
                        "raw file 'bad.raw' needs its byte layout"),
                Arguments.of("empty", new byte[0], withLayout,
                        "raw file 'bad.raw' has 0 bytes, but its layout needs 16 header bytes and at least one frame"
                                + " of 24 bytes (3x4 UINT16) from offset 16"),
                Arguments.of("size off by 3", Arrays.copyOf(three, three.length - 3), withLayout,
                        "does not match its layout: 16 header bytes and 3 frames of 32 bytes (24 pixel bytes + 8 gap"
                                + " bytes) leave 5 bytes at offset"),
                Arguments.of("scan shape too large", three,
                        OpenOptions.builder().rawLayout(layout).scanShape(new ScanShape(2, 2)).build(),
                        "scan shape 2x2 (from caller) needs 4 frames, but 'bad.raw' contains only 3 frames"),
                Arguments.of("scan shape too small", three,
                        OpenOptions.builder().rawLayout(layout).scanShape(new ScanShape(1, 1)).build(),
                        "uses 1. Pass reader option ignore-trailing-frames=true"),
                Arguments.of("skip all", three, OpenOptions.builder().rawLayout(layout).skipFrames(5).build(),
                        "cannot skip 5 frames: 'bad.raw' contains 3 frames"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFileIsRejectedWithMessage(String name, byte[] bytes, OpenOptions options, String expected)
            throws IOException {
        Path file = Files.write(dir.resolve("bad.raw"), bytes);

        InvalidScanException error = assertThrows(InvalidScanException.class, () -> ScanDatasets.open(file, options));

        assertTrue(error.getMessage().contains(expected), "message: " + error.getMessage());
        assertEquals(file, error.path());
    }
}
