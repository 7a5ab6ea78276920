package io.github.stem4d.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.ScanShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Virtual images through ScanAnalyzer on detectors and beams at the edges, against pixel-by-pixel sums. */
class VirtualImageEdgeCaseTest {

    @Test
    void virtualImagesMatchPixelSums() throws Exception {
        StringBuilder failures = new StringBuilder();
        int[][] cases = {{1, 64, 0, 20}, {64, 1, 30, 0}, {32, 32, 0, 0}, {32, 32, 31, 31}, {32, 32, 16, 16},
            {2, 40, 1, 5}, {40, 2, 39, 1}};
        for (int[] c : cases) {
            for (int poison = 0; poison < 4; poison++) {
                try {
                    check(c[0], c[1], c[2], c[3], poison);
                } catch (Throwable e) {
                    failures.append(c[0]).append('x').append(c[1]).append(" beam (").append(c[2]).append(',')
                            .append(c[3]).append(") poison ").append(poison).append(": ").append(e).append('\n');
                }
            }
        }
        assertEquals("", failures.toString());
    }

    private static void check(int rows, int cols, int beamRow, int beamCol, int poison) throws Exception {
        SplittableRandom random = new SplittableRandom(rows * 100L + cols);
        int frameCount = 36;
        float[][] frames = new float[frameCount][rows * cols];
        for (int f = 0; f < frameCount; f++) {
            for (int r = 0; r < rows; r++) {
                for (int col = 0; col < cols; col++) {
                    double distance = Math.hypot(r - beamRow, col - beamCol);
                    frames[f][r * cols + col] = (float) ((distance <= 3 ? 900 : 3) + (f % 2) * 20 * Math.exp(-distance / 8)
                            + random.nextDouble());
                }
            }
        }
        FrameShape shape = new FrameShape(rows, cols);
        AnalysisSettings settings = AnalysisSettings.builder().features("binned-pattern")
                .featureOption("grid", Math.min(rows, 4) + "x" + Math.min(cols, 4)).k(2).blockFrames(7).build();
        // The geometry is estimated from the first block, which the poisoned frames come after.
        FrameSums probe = new FrameSums(shape, frameCount, settings);
        float[] firstBlock = new float[7 * rows * cols];
        for (int f = 0; f < 7; f++) {
            System.arraycopy(frames[f], 0, firstBlock, f * rows * cols, rows * cols);
        }
        probe.accept(firstBlock, 0, 7);
        BeamGeometry geometry = probe.geometry();
        int[] disk = geometry.disk(shape, geometry.brightFieldRadius());
        int[] annulus = geometry.annulus(shape, geometry.annularInnerRadius(), geometry.annularOuterRadius());
        if (poison == 1 && disk.length > 0) {
            frames[10][disk[disk.length / 2]] = Float.NaN;
            frames[11][disk[0]] = Float.POSITIVE_INFINITY;
        } else if (poison == 2 && annulus.length > 0) {
            frames[12][annulus[annulus.length / 2]] = Float.NEGATIVE_INFINITY;
            frames[13][annulus[0]] = Float.NaN;
        } else if (poison == 3) {
            java.util.Arrays.fill(frames[14], Float.NaN);
        }

        AnalysisResult result = new ScanAnalyzer(settings, ProgressListener.NONE, CancellationToken.NONE)
                .analyze("memory", new InMemoryScan(new ScanShape(6, 6), shape, frames));

        VirtualImages images = result.virtualImages();
        for (int f = 0; f < frameCount; f++) {
            double total = 0;
            for (float v : frames[f]) {
                total += Float.isFinite(v) ? v : 0;
            }
            double bright = 0;
            for (int p : disk) {
                bright += Float.isFinite(frames[f][p]) ? frames[f][p] : 0;
            }
            double dark = 0;
            for (int p : annulus) {
                dark += Float.isFinite(frames[f][p]) ? frames[f][p] : 0;
            }
            assertEquals(total, images.total()[f], 1e-9 * Math.max(1, Math.abs(total)), "total of frame " + f);
            assertEquals(bright, images.brightField()[f], 1e-9 * Math.max(1, Math.abs(bright)), "bright field of frame " + f);
            assertEquals(dark, images.annularDarkField()[f], 1e-9 * Math.max(1, Math.abs(dark)), "dark field of frame " + f);
        }
    }
}
