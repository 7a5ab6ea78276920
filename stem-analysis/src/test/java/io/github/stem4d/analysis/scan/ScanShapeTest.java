package io.github.stem4d.analysis.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScanShapeTest {

    @ParameterizedTest
    @ValueSource(strings = {"2x4", " 2x4 ", "2X4", "2 x 4"})
    void parsesRowsByColumns(String text) {
        ScanShape shape = ScanShape.parse(text);

        assertEquals(2, shape.rows());
        assertEquals(4, shape.cols());
        assertEquals(8, shape.frameCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2x4x", "x2x4", "2x4x9", "2", "2x", "x4", "axb", "0x4", "2x-1", ""})
    void rejectsMalformedShapes(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScanShape.parse(text));

        assertEquals(true, e.getMessage().contains("'" + text + "'") || e.getMessage().contains("at least 1"),
                "message names the value or the rule: " + e.getMessage());
    }
}
