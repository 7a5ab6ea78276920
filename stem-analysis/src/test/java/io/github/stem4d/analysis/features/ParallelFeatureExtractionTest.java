package io.github.stem4d.analysis.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.FrameShape;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Block extraction on a pool: placement of rows, non-finite count, determinism and argument checks. */
class ParallelFeatureExtractionTest {

    private static final FrameShape SHAPE = new FrameShape(224, 224);
    private static final int PIXELS = 224 * 224;

    private static double[] extractAll(PreparedExtractor prepared, int threads, float[] frames, int frameCount) {
        double[] features = new double[frameCount * prepared.dimension()];
        try (ParallelFeatureExtraction extraction = new ParallelFeatureExtraction(prepared, threads)) {
            extraction.extractBlock(frames, frameCount, features, 0);
        }
        return features;
    }

    @ParameterizedTest
    @CsvSource({"polar-harmonics, false", "polar-harmonics, true", "binned-pattern, false"})
    void bitIdenticalForAnyThreadCount(String extractor, boolean fractional) {
        PreparedExtractor prepared = FeatureExtractors.byName(extractor).prepare(SHAPE, Map.of());
        int frameCount = 11;
        float[] frames = SyntheticFrames.noise(frameCount, 224, 224, 5, fractional);
        double[] one = extractAll(prepared, 1, frames, frameCount);
        assertArrayEquals(one, extractAll(prepared, 2, frames, frameCount));
        assertArrayEquals(one, extractAll(prepared, 3, frames, frameCount));

        // Each row equals the frame computed alone by a fresh worker.
        double[] single = new double[prepared.dimension()];
        prepared.newWorker().extract(frames, 7 * PIXELS, single, 0);
        double[] row = new double[prepared.dimension()];
        System.arraycopy(one, 7 * prepared.dimension(), row, 0, row.length);
        assertArrayEquals(single, row);
    }

    @Test
    void blockCountsNonFiniteFrames() {
        PreparedExtractor prepared = FeatureExtractors.byName("polar-harmonics").prepare(SHAPE, Map.of());
        int d = prepared.dimension();
        int frameCount = 6;
        float[] frames = SyntheticFrames.noise(frameCount, 224, 224, 9, false);
        frames[1 * PIXELS + 500] = Float.NaN;
        frames[4 * PIXELS + 3] = Float.POSITIVE_INFINITY;
        frames[4 * PIXELS + 9] = Float.NaN;
        frames[5 * PIXELS + PIXELS - 1] = Float.NEGATIVE_INFINITY;

        double[] features = new double[(3 + frameCount + 2) * d];
        java.util.Arrays.fill(features, -1);
        try (ParallelFeatureExtraction extraction = new ParallelFeatureExtraction(prepared, 2)) {
            assertEquals(2, extraction.threads());
            assertEquals(3, extraction.extractBlock(frames, frameCount, features, 3));
            assertEquals(0, extraction.extractBlock(frames, 1, features, 0));
            assertEquals(0, extraction.extractBlock(frames, 0, features, 0));
        }
        for (int k = d; k < 3 * d; k++) {
            assertEquals(-1, features[k], "rows 1 and 2 are untouched");
        }
        for (int k = 3 * d; k < (3 + frameCount) * d; k++) {
            assertTrue(Double.isFinite(features[k]), "row " + k / d);
            assertNotEquals(-1, features[k], "row " + k / d);
        }
        for (int k = (3 + frameCount) * d; k < features.length; k++) {
            assertEquals(-1, features[k], "rows after the block are untouched");
        }
    }

    @Test
    void rejectsBuffersThatDoNotFit() {
        PreparedExtractor prepared = FeatureExtractors.byName("polar-harmonics").prepare(SHAPE, Map.of());
        try (ParallelFeatureExtraction extraction = new ParallelFeatureExtraction(prepared, 2)) {
            float[] frames = new float[2 * PIXELS];
            IllegalArgumentException tooFewPixels = assertThrows(IllegalArgumentException.class,
                    () -> extraction.extractBlock(frames, 3, new double[3 * 68], 0));
            assertTrue(tooFewPixels.getMessage().contains("3 frames of 224x224"), tooFewPixels.getMessage());
            IllegalArgumentException tooFewRows = assertThrows(IllegalArgumentException.class,
                    () -> extraction.extractBlock(frames, 2, new double[2 * 68], 1));
            assertTrue(tooFewRows.getMessage().contains("rows 1 to 2"), tooFewRows.getMessage());
            assertThrows(IllegalArgumentException.class, () -> extraction.extractBlock(frames, -1, new double[68], 0));
            assertThrows(IllegalArgumentException.class, () -> extraction.extractBlock(frames, 1, new double[68], -1));
        }
        IllegalArgumentException noThreads = assertThrows(IllegalArgumentException.class,
                () -> new ParallelFeatureExtraction(prepared, 0));
        assertTrue(noThreads.getMessage().contains("threads must be at least 1, got 0"));
    }

    @Test
    void closedInstanceRejectsBlocks() {
        PreparedExtractor prepared = FeatureExtractors.byName("binned-pattern").prepare(SHAPE, Map.of());
        ParallelFeatureExtraction extraction = new ParallelFeatureExtraction(prepared, 2);
        extraction.close();
        extraction.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> extraction.extractBlock(new float[PIXELS], 1, new double[1024], 0));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void workerFailureReachesCaller() {
        PreparedExtractor failing = new PreparedExtractor() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public FrameShape frameShape() {
                return new FrameShape(2, 2);
            }

            @Override
            public java.util.List<String> columnNames() {
                return java.util.List.of("x");
            }

            @Override
            public Map<String, String> options() {
                return Map.of();
            }

            @Override
            public Worker newWorker() {
                return (frames, frameOffset, features, featureOffset) -> {
                    if (frames[frameOffset] < 0) {
                        throw new IllegalStateException("negative first pixel at " + frameOffset);
                    }
                    features[featureOffset] = frames[frameOffset];
                    return false;
                };
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (ParallelFeatureExtraction extraction = new ParallelFeatureExtraction(failing, 3)) {
                float[] frames = {1, 0, 0, 0, 2, 0, 0, 0, -3, 0, 0, 0, 4, 0, 0, 0};
                double[] features = new double[4];
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> extraction.extractBlock(frames, 4, features, 0));
                assertEquals("negative first pixel at 8", e.getMessage());
                frames[8] = 3;
                assertEquals(0, extraction.extractBlock(frames, 4, features, 0));
                assertArrayEquals(new double[] {1, 2, 3, 4}, features);
            }
        });
    }
}
