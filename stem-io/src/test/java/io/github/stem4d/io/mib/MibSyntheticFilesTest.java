package io.github.stem4d.io.mib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.InvalidScanException;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.analysis.scan.ScanShape;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads {@code .mib} files written by the test, whose every pixel value is known. */
class MibSyntheticFilesTest {

    @TempDir
    Path dir;

    /** Pixel value of frame {@code frame}, pixel {@code pixel}, below {@code limit}. */
    private static int value(int frame, int pixel, int limit) {
        return (int) (((long) frame * 7919 + (long) pixel * 31 + pixel / 97) % limit);
    }

    private static int[] values(int frame, int pixels, int limit) {
        int[] values = new int[pixels];
        for (int i = 0; i < pixels; i++) {
            values[i] = value(frame, i, limit);
        }
        return values;
    }

    private static float[] readAll(ScanDataset dataset) throws IOException {
        float[] all = new float[(int) dataset.frameCount() * dataset.frameShape().pixelCount()];
        dataset.readFrames(0, (int) dataset.frameCount(), all);
        return all;
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @CsvSource({
        "U08, 64, 32, 6, 64, UINT8",
        "U16, 256, 128, 12, 4096, UINT16",
        "U32, 40, 20, 24, 16777216, UINT32",
        "U08, 514, 514, 6, 64, UINT8",
    })
    void assembledFramesRoundTrip(String type, int width, int height, int depth, int limit, PixelType pixelType)
            throws IOException {
        MibFileWriter writer = new MibFileWriter().size(width, height).type(type, depth);
        Path file = writer.write(dir.resolve("a.mib"), 3, f -> writer.assembled(values(f, width * height, limit)));

        try (ScanDataset dataset = ScanDatasets.open(file)) {
            float[] all = readAll(dataset);

            assertEquals(new FrameShape(height, width), dataset.frameShape());
            assertEquals(pixelType, dataset.pixelType());
            for (int f = 0; f < 3; f++) {
                for (int i = 0; i < width * height; i += 7) {
                    assertEquals(value(f, i, limit), all[f * width * height + i], 0f, "frame " + f + " pixel " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "depth {0}")
    @CsvSource({"1, 1, 2, UINT8", "6, 8, 64, UINT8", "12, 16, 4096, UINT16"})
    void rawSingleChipFramesRoundTrip(int depth, int bits, int limit, PixelType pixelType) throws IOException {
        MibFileWriter writer = new MibFileWriter().size(256, 256).type("R64", depth);
        Path file = writer.write(dir.resolve("r.mib"), 2, f -> MibFileWriter.raw(values(f, 65536, limit), bits));

        try (ScanDataset dataset = ScanDatasets.open(file)) {
            float[] all = readAll(dataset);

            assertEquals(pixelType, dataset.pixelType());
            for (int f = 0; f < 2; f++) {
                for (int i = 0; i < 65536; i++) {
                    assertEquals(value(f, i, limit), all[f * 65536 + i], 0f, "frame " + f + " pixel " + i);
                }
            }
        }
    }

    /** Checks chip placement and rotation on a raw quad whose segment S(k) contains 1000 * (k + 1) plus the chip row. */
    @ParameterizedTest(name = "layout {0}, {1} rows")
    @CsvSource({"'   2x2', 256, 0", "'   2x2', 32, 0", "'  2x2G', 256, 2"})
    void rawQuadSegmentsArePlacedAndRotated(String layout, int rows, int gap) throws IOException {
        MibFileWriter writer = new MibFileWriter().size(1024, rows).type("R64", 12);
        writer.chips = 4;
        writer.layout = layout;
        writer.headerBytes = 768;
        int[] file = new int[1024 * rows];
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < 1024; col++) {
                // (segment + 1) * 1000 + chip row, plus 500 at chip column 0 to show mirroring
                file[r * 1024 + col] = (col / 256 + 1) * 1000 + r + (col % 256 == 0 ? 500 : 0);
            }
        }
        Path path = writer.write(dir.resolve("q.mib"), 1, f -> MibFileWriter.raw(file, 16));

        try (ScanDataset dataset = ScanDatasets.open(path)) {
            int outRows = 2 * rows + gap;
            int outCols = 512 + gap;
            float[] frame = readAll(dataset);

            assertEquals(new FrameShape(outRows, outCols), dataset.frameShape());
            // S3 top-left, unrotated: chip row r at image row r, chip column 0 at image column 0.
            assertEquals(4000 + 5 + 500, frame[5 * outCols], 0f);
            // S2 top-right: chip column 0 at image column 256 + gap.
            assertEquals(3000 + 5 + 500, frame[5 * outCols + 256 + gap], 0f);
            // S1 bottom-left, rotated 180 degrees: chip (r, 0) at image (last - r, 255).
            assertEquals(2000 + 5 + 500, frame[(outRows - 1 - 5) * outCols + 255], 0f);
            // S0 bottom-right, rotated 180 degrees: chip (r, 0) at image (last - r, last column).
            assertEquals(1000 + 5 + 500, frame[(outRows - 1 - 5) * outCols + outCols - 1], 0f);
            assertEquals(1000 + 7, frame[(outRows - 1 - 7) * outCols + outCols - 2], 0f);
            if (gap > 0) {
                assertEquals(0f, frame[256 * outCols + 100], "gap row");
                assertEquals(0f, frame[100 * outCols + 257], "gap column");
            }
        }
    }

    @Test
    void hdrScanShapeIsUsed() throws IOException {
        MibFileWriter writer = new MibFileWriter().size(16, 16).type("U08", 6);
        Path file = writer.write(dir.resolve("s.mib"), 12, f -> writer.assembled(values(f, 256, 64)));
        MibFileWriter.writeHdr(file, "Frames in Acquisition (Number):\t12", "ScanX:\t4", "ScanY:\t3 ");

        try (ScanDataset dataset = ScanDatasets.open(file)) {
            assertEquals(new ScanShape(3, 4), dataset.scanShape());
            assertEquals("hdr", dataset.metadata().get("scan_shape_source"));
            assertTrue(dataset.metadata().get("hdr_file").toString().endsWith("s.hdr"));
        }
    }

    @Test
    void framesPerTriggerGivesRowLength() throws IOException {
        MibFileWriter writer = new MibFileWriter().size(16, 16).type("U08", 6);
        Path file = writer.write(dir.resolve("t.mib"), 12, f -> writer.assembled(values(f, 256, 64)));
        MibFileWriter.writeHdr(file, "Frames in Acquisition (Number):\t12", "Frames per Trigger (Number):\t6\r");

        try (ScanDataset dataset = ScanDatasets.open(file)) {
            assertEquals(new ScanShape(2, 6), dataset.scanShape());
            assertEquals("hdr", dataset.metadata().get("scan_shape_source"));
        }
    }

    @Test
    void timestampsGiveRowLength() throws IOException {
        MibFileWriter writer = new MibFileWriter().size(16, 16).type("U08", 6);
        writer.time = frame -> frame * 1_000_000L + (frame / 5) * 30_000L + (frame * 7 % 3) * 10;
        Path file = writer.write(dir.resolve("ts.mib"), 20, f -> writer.assembled(values(f, 256, 64)));

        try (ScanDataset dataset = ScanDatasets.open(file)) {
            assertEquals(new ScanShape(4, 5), dataset.scanShape());
            assertEquals("timestamps", dataset.metadata().get("scan_shape_source"));
        }
    }

    @ParameterizedTest(name = "extra frame at {0}")
    @CsvSource({"start", "end"})
    void extraFramesPerLineAreDropped(String position) throws IOException {
        MibFileWriter writer = new MibFileWriter().size(8, 8).type("U08", 6);
        // 3 rows of 1 flyback frame (value 200 + row) and 4 scan frames (value 10 * row + column).
        int flybackColumn = position.equals("start") ? 0 : 4;
        Path file = writer.write(dir.resolve("x.mib"), 15, f -> {
            int row = f / 5;
            int place = f % 5;
            int column = position.equals("start") ? place - 1 : place;
            int[] frame = new int[64];
            java.util.Arrays.fill(frame, place == flybackColumn ? 200 + row : 10 * row + column);
            return writer.assembled(frame);
        });
        OpenOptions options = OpenOptions.builder().scanShape(new ScanShape(3, 4))
                .readerOption(MibReader.EXTRA_FRAMES_PER_LINE, "1")
                .readerOption(MibReader.EXTRA_FRAMES_POSITION, position).build();

        try (ScanDataset dataset = ScanDatasets.open(file, options)) {
            float[] all = readAll(dataset);

            float[] firstPixels = new float[12];
            for (int f = 0; f < 12; f++) {
                firstPixels[f] = all[f * 64];
            }
            assertArrayEquals(new float[] {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23}, firstPixels);
            assertEquals(1, dataset.metadata().get("extra_frames_per_line"));
        }
    }

    @Test
    void partialLastFrameIsIgnoredOnRequest() throws IOException {
        MibFileWriter writer = new MibFileWriter().size(16, 16).type("U16", 12);
        Path file = writer.write(dir.resolve("p.mib"), 4, f -> writer.assembled(values(f, 256, 4096)));
        java.nio.file.Files.write(file, new byte[100], java.nio.file.StandardOpenOption.APPEND);

        InvalidScanException error = assertThrows(InvalidScanException.class, () -> ScanDatasets.open(file));
        assertTrue(error.getMessage().contains("100 bytes left over at offset " + 4 * (384 + 512)), error.getMessage());

        OpenOptions options = OpenOptions.builder().readerOption(MibReader.IGNORE_PARTIAL_FRAME, "true").build();
        try (ScanDataset dataset = ScanDatasets.open(file, options)) {
            assertEquals(4, dataset.frameCount());
            assertEquals(100L, dataset.metadata().get("partial_frame_bytes_ignored"));
        }
    }

    @Test
    void readsFramesInBlocksAcrossTheBufferLimit() throws IOException {
        // 200 frames of 256x256 U16 (about 26 MB) span several 8 MB blocks.
        MibFileWriter writer = new MibFileWriter().size(256, 256).type("U16", 12);
        Path file = writer.write(dir.resolve("big.mib"), 200, f -> writer.assembled(values(f, 65536, 4096)));

        try (ScanDataset dataset = ScanDatasets.open(file)) {
            float[] block = new float[150 * 65536];
            dataset.readFrames(30, 150, block);

            for (int f = 0; f < 150; f++) {
                assertEquals(value(30 + f, 12345, 4096), block[f * 65536 + 12345], 0f, "frame " + (30 + f));
            }
        }
    }
}
