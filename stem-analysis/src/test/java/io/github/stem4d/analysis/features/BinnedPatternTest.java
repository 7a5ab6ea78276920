package io.github.stem4d.analysis.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.FrameShape;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values, layout and options of binned-pattern. */
class BinnedPatternTest {

    private static final FeatureExtractor EXTRACTOR = new BinnedPatternExtractor();

    private static double[] extract(FrameShape shape, Map<String, String> options, float[] frame) {
        PreparedExtractor prepared = EXTRACTOR.prepare(shape, options);
        double[] features = new double[prepared.dimension()];
        prepared.newWorker().extract(frame, 0, features, 0);
        return features;
    }

    @Test
    void cellsAreMeansOfLogCounts() {
        // 4x6 frame, grid 2x3: each cell is 2x2 pixels.
        float[] frame = {
            0, 1, 2, 3, 4, 5,
            6, 7, 8, 9, 10, 11,
            12, 13, 14, 15, 16, 17,
            18, 19, 20, 21, 22, -23};
        double[] features = extract(new FrameShape(4, 6), Map.of("grid", "2x3"), frame);
        assertEquals(6, features.length);
        assertEquals((Math.log1p(0) + Math.log1p(1) + Math.log1p(6) + Math.log1p(7)) / 4, features[0], 1e-15);
        assertEquals((Math.log1p(16) + Math.log1p(17) + Math.log1p(22) + 0) / 4, features[5], 1e-15);
    }

    @Test
    void unevenCellsUseFloorEdges() {
        float[] frame = new float[5 * 5];
        for (int k = 0; k < frame.length; k++) {
            frame[k] = k;
        }
        // Rows and columns split as [0, 2) and [2, 5).
        double[] features = extract(new FrameShape(5, 5), Map.of("grid", "2"), frame);
        double expected = 0;
        for (int y = 2; y < 5; y++) {
            for (int x = 2; x < 5; x++) {
                expected += Math.log1p(y * 5 + x);
            }
        }
        assertEquals(expected / 9, features[3], 1e-14);
        PreparedExtractor prepared = EXTRACTOR.prepare(new FrameShape(5, 5), Map.of("grid", "2"));
        assertEquals(java.util.List.of("cell_0_0", "cell_0_1", "cell_1_0", "cell_1_1"), prepared.columnNames());
    }

    @Test
    void defaultGridIs32x32() {
        PreparedExtractor prepared = EXTRACTOR.prepare(new FrameShape(256, 256), Map.of());
        assertEquals(1024, prepared.dimension());
        assertEquals("cell_31_31", prepared.columnNames().get(1023));
    }

    @Test
    void beamCentreRemovesWholePixelShift() {
        FrameShape shape = new FrameShape(256, 256);
        Map<String, String> beam = Map.of("center", "beam");
        double[] centred = extract(shape, beam, SyntheticFrames.pattern(256, 256, 0, 0));
        double[] shifted = extract(shape, beam, SyntheticFrames.pattern(256, 256, -4, 6));
        assertArrayEquals(centred, shifted, 1e-12);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"grid; 0", "grid; 300", "grid; 8x", "grid; 8x8x8", "grid; big",
        "center; com", "center; middle"})
    void invalidValueNamesOptionAndValue(String name, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EXTRACTOR.prepare(new FrameShape(256, 256), Map.of(name, value)));
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("option '" + name + "'"), e.getMessage());
    }

    @Test
    void gridLargerThanFrameIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EXTRACTOR.prepare(new FrameShape(16, 64), Map.of("grid", "32")));
        assertTrue(e.getMessage().contains("16x64"), e.getMessage());
    }

    @Test
    void unknownOptionListsAllowedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EXTRACTOR.prepare(new FrameShape(256, 256), Map.of("bins", "4")));
        assertTrue(e.getMessage().contains("allowed: grid, center"), e.getMessage());
    }
}
