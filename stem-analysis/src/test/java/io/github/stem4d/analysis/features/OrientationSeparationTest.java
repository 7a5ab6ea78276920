package io.github.stem4d.analysis.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.FrameShape;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks on the synthetic scan from the shared data that binned-pattern separates crystal A
 * (truth region 2) from the same phase rotated by about 25 degrees (region 4), and that the
 * rotation-invariant polar-harmonics does not.
 */
class OrientationSeparationTest {

    private static final int CRYSTAL_A = 2;
    private static final int CRYSTAL_A_ROTATED = 4;

    private static final int PIXELS = 256 * 256;

    // Only the frames of the two regions, to keep the memory of the test small.
    private static float[] frames;
    private static int[] labels;

    @BeforeAll
    static void readRegions() throws IOException {
        ReferenceFiles.Npy truth = ReferenceFiles.readNpy(
                ReferenceFiles.referenceFolder().resolve("synth_small_labels.npy"));
        int count = 0;
        for (double label : truth.values()) {
            if (label == CRYSTAL_A || label == CRYSTAL_A_ROTATED) {
                count++;
            }
        }
        frames = new float[count * PIXELS];
        labels = new int[count];
        int selected = 0;
        try (HdfFile file = ReferenceFiles.openSynth()) {
            for (int row = 0; row < 32; row += 8) {
                float[] block = ReferenceFiles.readSynthRows(file, row, 8);
                for (int f = 0; f < 256; f++) {
                    int label = (int) truth.values()[row * 32 + f];
                    if (label == CRYSTAL_A || label == CRYSTAL_A_ROTATED) {
                        System.arraycopy(block, f * PIXELS, frames, selected * PIXELS, PIXELS);
                        labels[selected++] = label;
                    }
                }
            }
        }
        assertEquals(310 + 116, selected);
    }

    @AfterAll
    static void releaseFrames() {
        frames = null;
    }

    /**
     * Returns the distance between the mean feature vectors of the two regions divided by the RMS
     * spread of their frames along the line through both means.
     */
    private static double separation(String extractor, Map<String, String> options) {
        PreparedExtractor prepared = FeatureExtractors.byName(extractor).prepare(new FrameShape(256, 256), options);
        int d = prepared.dimension();
        double[] features = new double[labels.length * d];
        try (ParallelFeatureExtraction extraction = new ParallelFeatureExtraction(prepared, 2)) {
            assertEquals(0, extraction.extractBlock(frames, labels.length, features, 0));
        }
        double[] meanA = regionMean(features, d, CRYSTAL_A);
        double[] meanB = regionMean(features, d, CRYSTAL_A_ROTATED);
        double between = Math.sqrt(squaredDistance(meanA, 0, meanB, d));

        // Project every frame on the unit vector from mean A to mean B.
        double sumSquares = 0;
        for (int f = 0; f < labels.length; f++) {
            double[] mean = labels[f] == CRYSTAL_A ? meanA : meanB;
            double projection = 0;
            for (int c = 0; c < d; c++) {
                projection += (features[f * d + c] - mean[c]) * (meanB[c] - meanA[c]) / between;
            }
            sumSquares += projection * projection;
        }
        double spread = Math.sqrt(sumSquares / labels.length);
        System.out.printf("%s %s: distance between region means %.4f, RMS spread along it %.4f, ratio %.1f%n",
                extractor, options, between, spread, between / spread);
        return between / spread;
    }

    private static double[] regionMean(double[] features, int d, int region) {
        double[] mean = new double[d];
        int count = 0;
        for (int f = 0; f < labels.length; f++) {
            if (labels[f] == region) {
                for (int c = 0; c < d; c++) {
                    mean[c] += features[f * d + c];
                }
                count++;
            }
        }
        for (int c = 0; c < d; c++) {
            mean[c] /= count;
        }
        return mean;
    }

    private static double squaredDistance(double[] a, int offset, double[] b, int d) {
        double sum = 0;
        for (int c = 0; c < d; c++) {
            double diff = a[offset + c] - b[c];
            sum += diff * diff;
        }
        return sum;
    }

    @Test
    void binnedPatternSeparatesRotationSharedData() {
        assertTrue(separation(BinnedPatternExtractor.NAME, Map.of()) > 8);
    }

    @Test
    void beamBinnedPatternSeparatesRotationSharedData() {
        assertTrue(separation(BinnedPatternExtractor.NAME, Map.of("center", "beam")) > 8);
    }

    @Test
    void polarHarmonicsMergesRotationSharedData() {
        assertTrue(separation(PolarHarmonicsExtractor.NAME, Map.of()) < 1);
    }
}
