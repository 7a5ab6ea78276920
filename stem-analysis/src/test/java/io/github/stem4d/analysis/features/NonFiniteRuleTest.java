package io.github.stem4d.analysis.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.FrameShape;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NaN and infinite pixels are replaced by 0, the features stay finite, and the worker reports the frame. */
class NonFiniteRuleTest {

    private static double[] extract(String extractor, Map<String, String> options, float[] frame, boolean expectReport) {
        PreparedExtractor prepared = FeatureExtractors.byName(extractor).prepare(new FrameShape(256, 256), options);
        double[] features = new double[prepared.dimension()];
        boolean reported = prepared.newWorker().extract(frame, 0, features, 0);
        if (expectReport) {
            assertTrue(reported, "frame with a non-finite pixel must be reported");
        } else {
            assertFalse(reported, "frame without a non-finite pixel must not be reported");
        }
        for (double value : features) {
            assertTrue(Double.isFinite(value));
        }
        return features;
    }

    /** Pixel (row, col): inside the beam mask, inside the window, and outside the 224 window. */
    @ParameterizedTest
    @CsvSource({
        "polar-harmonics, detector, 127, 128", "polar-harmonics, detector, 60, 200", "polar-harmonics, detector, 3, 250",
        "polar-harmonics, com, 127, 128", "polar-harmonics, com, 60, 200",
        "binned-pattern, detector, 127, 128", "binned-pattern, detector, 3, 250", "binned-pattern, beam, 60, 200"})
    void nonFinitePixelActsAsZero(String extractor, String centre, int row, int col) {
        Map<String, String> options = Map.of(extractor.equals("polar-harmonics") ? "beam-center" : "center", centre);
        float[] clean = SyntheticFrames.pattern(256, 256, 0, 0);
        clean[row * 256 + col] = 0;
        double[] expected = extract(extractor, options, clean, false);
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] frame = clean.clone();
            frame[row * 256 + col] = bad;
            assertArrayEquals(expected, extract(extractor, options, frame, true), 1e-12, "value " + bad);
        }
    }

    @ParameterizedTest
    @CsvSource({"polar-harmonics", "binned-pattern"})
    void negativePixelClampsToZeroWithoutReport(String extractor) {
        float[] clean = SyntheticFrames.pattern(256, 256, 0, 0);
        clean[60 * 256 + 200] = 0;
        float[] negative = clean.clone();
        negative[60 * 256 + 200] = -7.5f;
        assertArrayEquals(extract(extractor, Map.of(), clean, false), extract(extractor, Map.of(), negative, false),
                1e-12);
    }

    @ParameterizedTest
    @CsvSource({"polar-harmonics", "binned-pattern"})
    void allNaNFrameGivesFiniteFeatures(String extractor) {
        float[] frame = new float[256 * 256];
        java.util.Arrays.fill(frame, Float.NaN);
        assertArrayEquals(extract(extractor, Map.of(), new float[256 * 256], false),
                extract(extractor, Map.of(), frame, true), 0);
    }
}
