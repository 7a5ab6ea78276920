package io.github.stem4d.io.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.OpenOptions;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import io.github.stem4d.analysis.scan.ScanShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reads the real Merlin sample files of the shared test data and compares shapes, sums, maxima
 * and chip reassembly with the values listed for them. Skipped when the shared data is absent.
 */
class MibRealFilesTest {

    private static final String QD = "real/rosettasciio/quantumdetector/";
    private static final String RM = "real/read_mib/";

    /** Returns the shared {@code data} folder above the working directory, if any. */
    static Optional<Path> sharedData() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    static Path sharedFile(String relative) {
        Optional<Path> root = sharedData();
        assumeTrue(root.isPresent(), "shared/data not found above " + System.getProperty("user.dir"));
        Path file = root.get().resolve(relative);
        assumeTrue(Files.isRegularFile(file), "shared test file missing: " + file);
        return file;
    }

    /** Sum, maximum and position of the maximum (frame, row, col) over every frame. */
    record Totals(double sum, float max, long maxFrame, int maxRow, int maxCol, boolean binary) {
    }

    static Totals totals(ScanDataset dataset) throws IOException {
        FrameShape shape = dataset.frameShape();
        float[] frame = new float[shape.pixelCount()];
        double sum = 0;
        float max = Float.NEGATIVE_INFINITY;
        long maxFrame = -1;
        int maxPixel = -1;
        boolean binary = true;
        for (long f = 0; f < dataset.frameCount(); f++) {
            dataset.readFrames(f, 1, frame);
            for (int i = 0; i < frame.length; i++) {
                sum += frame[i];
                binary &= frame[i] == 0f || frame[i] == 1f;
                if (frame[i] > max) {
                    max = frame[i];
                    maxFrame = f;
                    maxPixel = i;
                }
            }
        }
        return new Totals(sum, max, maxFrame, maxPixel / shape.cols(), maxPixel % shape.cols(), binary);
    }

    static float[] firstFrame(String relative) throws IOException {
        try (ScanDataset dataset = ScanDatasets.open(sharedFile(relative))) {
            float[] frame = new float[dataset.frameShape().pixelCount()];
            dataset.readFrames(0, 1, frame);
            return frame;
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # file                                                                        |frames|rows|cols|scan|source     |sum    |max |argmax
            rosettasciio/quantumdetector/Single_1_Frame_CounterDepth_1_Rows_256.mib        | 1 | 256 | 256 | 1x1 | single-row | 2398    | 1    |
            rosettasciio/quantumdetector/Single_1_Frame_CounterDepth_6_Rows_256.mib        | 1 | 256 | 256 | 1x1 | single-row | 24336   | 63   |
            rosettasciio/quantumdetector/Single_1_Frame_CounterDepth_12_Rows_256.mib       | 1 | 256 | 256 | 1x1 | single-row | 28911   | 2239 | 108 200
            rosettasciio/quantumdetector/Single_1_Frame_CounterDepth_24_Rows_256.mib       | 1 | 256 | 256 | 1x1 | single-row | 29416   | 2255 | 108 200
            rosettasciio/quantumdetector/Single_9_Frame_CounterDepth_6_Rows_256.mib        | 9 | 256 | 256 | 1x9 | single-row | 217684  | 63   |
            rosettasciio/quantumdetector/Single_1_Frame_CounterDepth_1_Rows_256RAW.mib     | 1 | 256 | 256 | 1x1 | single-row | 2394    | 1    |
            rosettasciio/quantumdetector/Quad_1_Frame_CounterDepth_6_Rows_256.mib          | 1 | 512 | 512 | 1x1 | single-row | 115263  | 63   |
            rosettasciio/quantumdetector/Quad_1_Frame_CounterDepth_1_Rows_256RAW.mib       | 1 | 512 | 512 | 1x1 | single-row | 10348   | 1    |
            rosettasciio/quantumdetector/001_4x2_6bit.mib                                  | 8 | 256 | 256 | 2x4 | timestamps | 3623664 | 63   |
            rosettasciio/quantumdetector/002_4x2_6bit_roi128.mib                           | 8 | 128 | 256 | 2x4 | timestamps | 3263829 | 63   |
            rosettasciio/quantumdetector/002_merlin_test_roi_sig256x128_nav4x2_hot_pixel_52x_39y.mib | 8 | 128 | 256 | 2x4 | hdr | 79 | 10 | 39 52
            read_mib/Single_1_Frame_CounterDepth_12_Rows_32.mib                            | 1 | 32  | 256 | 1x1 | single-row | 8588    | 62   |
            read_mib/Single_9_Frames_CounterDepth_6_Rows_64.mib                            | 9 | 64  | 256 | 1x9 | single-row | 162771  | 63   |
            read_mib/Quad_1_Frame_CounterDepth_1_Rows_32RAW.mib                            | 1 | 64  | 512 | 1x1 | single-row | 3549    | 1    |
            read_mib/example.mib                                                           | 2 | 256 | 256 | 1x2 | single-row | 4173074 | 4095 |
            """)
    void realFileMatchesListedValues(String file, long frames, int rows, int cols, String scan, String source,
            long sum, float max, String argmax) throws IOException {
        Path path = sharedFile("real/" + file);

        try (ScanDataset dataset = ScanDatasets.open(path)) {
            Totals totals = totals(dataset);

            assertEquals("mib", dataset.format());
            assertEquals(frames, dataset.frameCount(), "frame count");
            assertEquals(new FrameShape(rows, cols), dataset.frameShape(), "frame shape");
            assertEquals(ScanShape.parse(scan), dataset.scanShape(), "scan shape");
            assertEquals(source, dataset.metadata().get("scan_shape_source"), "scan shape source");
            assertEquals(sum, totals.sum(), 0.0, "sum over all pixels");
            assertEquals(max, totals.max(), 0.0f, "max");
            if (argmax != null) {
                String[] position = argmax.trim().split(" ");
                assertEquals(Integer.parseInt(position[0]), totals.maxRow(), "row of the max");
                assertEquals(Integer.parseInt(position[1]), totals.maxCol(), "column of the max");
            }
            if (max == 1f) {
                assertTrue(totals.binary(), "1-bit data contains only 0 and 1");
            }
        }
    }

    @Test
    void hotPixelAtRow39Col52() throws IOException {
        Path path = sharedFile(QD + "002_merlin_test_roi_sig256x128_nav4x2_hot_pixel_52x_39y.mib");

        try (ScanDataset dataset = ScanDatasets.open(path)) {
            float[] frames = new float[8 * 128 * 256];
            dataset.readFrames(0, 8, frames);
            double hot = 0;
            for (int f = 0; f < 8; f++) {
                hot += frames[f * 128 * 256 + 39 * 256 + 52];
            }
            assertTrue(hot >= 8, "hot pixel total over 8 frames: " + hot);
            assertEquals("U16", dataset.metadata().get("mib_pixel_type"));
            assertEquals(12, dataset.metadata().get("counter_depth"));
        }
    }

    @Test
    void rawSingleChipMatchesAssembledOneBitFrame() throws IOException {
        float[] raw = firstFrame(QD + "Single_1_Frame_CounterDepth_1_Rows_256RAW.mib");
        float[] assembled = firstFrame(QD + "Single_1_Frame_CounterDepth_1_Rows_256.mib");

        int same = 0;
        for (int i = 0; i < raw.length; i++) {
            same += raw[i] == assembled[i] ? 1 : 0;
        }
        // Two exposures of one scene: about 99.98 % of pixels agree; a wrong bit order scrambles them.
        assertTrue(same >= 0.999 * raw.length, "pixels equal in raw and assembled frames: " + same);
    }

    @Test
    void rawQuadMatchesAssembledQuadrants() throws IOException {
        float[] raw = firstFrame(QD + "Quad_1_Frame_CounterDepth_1_Rows_256RAW.mib");
        float[] assembled = firstFrame(QD + "Quad_1_Frame_CounterDepth_6_Rows_256.mib");
        int[][] quadrants = {{0, 0}, {0, 256}, {256, 0}, {256, 256}};

        double[][] correlation = new double[4][4];
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                correlation[a][b] = correlation(raw, quadrants[a], assembled, quadrants[b], 256, 256, 512);
            }
        }
        for (int a = 0; a < 4; a++) {
            assertTrue(correlation[a][a] > 0.6, "quadrant " + a + " correlation " + correlation[a][a]);
            for (int b = 0; b < 4; b++) {
                if (b != a) {
                    assertTrue(correlation[a][a] > correlation[a][b] + 0.15,
                            "raw quadrant " + a + " matches assembled quadrant " + b + " better than its own: "
                                    + correlation[a][b] + " vs " + correlation[a][a]);
                }
            }
        }
    }

    @Test
    void roiRawQuadMatchesFullQuadRows() throws IOException {
        float[] roi = firstFrame(RM + "Quad_1_Frame_CounterDepth_1_Rows_32RAW.mib");
        float[] full = firstFrame(QD + "Quad_1_Frame_CounterDepth_1_Rows_256RAW.mib");

        double top = correlation(roi, new int[] {0, 0}, full, new int[] {0, 0}, 32, 512, 512);
        double bottom = correlation(roi, new int[] {32, 0}, full, new int[] {480, 0}, 32, 512, 512);

        assertTrue(top > 0.9, "rows 0-31 correlation " + top);
        assertTrue(bottom > 0.9, "rows 480-511 correlation " + bottom);
    }

    @Test
    void callerScanShapeWinsOverTimestamps() throws IOException {
        Path path = sharedFile(QD + "001_4x2_6bit.mib");
        OpenOptions options = OpenOptions.builder().scanShape(new ScanShape(4, 2)).build();

        try (ScanDataset dataset = ScanDatasets.open(path, options)) {
            assertEquals(new ScanShape(4, 2), dataset.scanShape());
            assertEquals("caller", dataset.metadata().get("scan_shape_source"));
        }
    }

    @Test
    void skippedAndTrailingFramesAreDropped() throws IOException {
        Path path = sharedFile(QD + "001_4x2_6bit.mib");
        OpenOptions options = OpenOptions.builder().scanShape(new ScanShape(2, 3)).skipFrames(1)
                .readerOption("ignore-trailing-frames", "true").build();
        float[] all = new float[8 * 65536];
        try (ScanDataset dataset = ScanDatasets.open(path)) {
            dataset.readFrames(0, 8, all);
        }

        try (ScanDataset dataset = ScanDatasets.open(path, options)) {
            float[] frames = new float[6 * 65536];
            dataset.readFrames(0, 6, frames);

            assertEquals(6, dataset.frameCount());
            assertEquals(1L, dataset.metadata().get("trailing_frames_ignored"));
            assertEquals(all[65536 + 1000], frames[1000], "frame 0 is file frame 1");
            assertEquals(all[6 * 65536 + 4321], frames[5 * 65536 + 4321], "frame 5 is file frame 6");
        }
    }

    @Test
    void timestampSearchCanBeTurnedOff() throws IOException {
        Path path = sharedFile(QD + "001_4x2_6bit.mib");
        OpenOptions options = OpenOptions.builder().readerOption(MibReader.INFER_SCAN_SHAPE, "false").build();

        try (ScanDataset dataset = ScanDatasets.open(path, options)) {
            assertEquals(new ScanShape(1, 8), dataset.scanShape());
            assertEquals("single-row", dataset.metadata().get("scan_shape_source"));
        }
    }

    private static double correlation(float[] a, int[] aOrigin, float[] b, int[] bOrigin, int rows, int cols,
            int width) {
        double sa = 0;
        double sb = 0;
        double saa = 0;
        double sbb = 0;
        double sab = 0;
        int n = rows * cols;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double x = a[(aOrigin[0] + r) * width + aOrigin[1] + c];
                double y = b[(bOrigin[0] + r) * width + bOrigin[1] + c];
                sa += x;
                sb += y;
                saa += x * x;
                sbb += y * y;
                sab += x * y;
            }
        }
        double covariance = sab / n - (sa / n) * (sb / n);
        double varianceA = saa / n - (sa / n) * (sa / n);
        double varianceB = sbb / n - (sb / n) * (sb / n);
        return covariance / Math.sqrt(varianceA * varianceB);
    }
}
