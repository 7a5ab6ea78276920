package io.github.stem4d.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScalesAndLayoutTest {

    @ParameterizedTest
    @CsvSource({
        // rows, cols, block width, block height
        "64, 64, 8, 8",
        "256, 256, 2, 2",
        "500, 3, 16, 1",
        "3, 500, 1, 16",
        "1, 40, 13, 48",
        "1, 1, 512, 512",
        "300, 200, 2, 2",
        "1024, 1024, 1, 1",
    })
    void clusterMapBlocks(int rows, int cols, int blockWidth, int blockHeight) {
        ScanMapLayout layout = ScanMapLayout.fit(rows, cols, ClusterMapFigure.MIN_LONG_SIDE,
                ClusterMapFigure.MAX_LONG_SIDE, ClusterMapFigure.MIN_SHORT_SIDE, 0, 0);

        assertEquals(blockWidth, layout.blockWidth(), "block width");
        assertEquals(blockHeight, layout.blockHeight(), "block height");
    }

    @Test
    void stretchNoteNamesRatio() {
        ScanMapLayout layout = ScanMapLayout.fit(3, 500, 512, 800, 48, 0, 0);

        assertEquals("rows drawn 16x taller than columns", layout.stretchNote());
        assertEquals("", ScanMapLayout.fit(8, 8, 512, 800, 48, 0, 0).stretchNote());
    }

    @Test
    void intensityScaleClipsBrightTail() {
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = IntensityScale.logValue(i < 990 ? 10 : 100_000);
        }

        IntensityScale scale = IntensityScale.fromLogValues(new float[][] {values}, 0.995);

        assertEquals(Math.log1p(10), scale.low(), 1e-6);
        assertEquals(Math.log1p(100_000), scale.high(), 1e-3);
        values[995] = Float.NaN;
        IntensityScale mostlyDim = IntensityScale.fromLogValues(new float[][] {values}, 0.98);
        assertEquals(Math.log1p(10), mostlyDim.high(), 1e-3, "98th percentile is the dim level");
    }

    @Test
    void intensityScaleHandlesConstantAndNaN() {
        IntensityScale constant = IntensityScale.fromLogValues(new float[][] {{2f, 2f}, {2f}}, 0.995);
        assertEquals(2f, constant.low());
        assertEquals(2f, constant.high());
        assertEquals(0.5, constant.normalise(2f));

        IntensityScale none = IntensityScale.fromLogValues(new float[][] {{Float.NaN}, {}}, 0.995);
        assertEquals(0, none.low());
        assertTrue(Double.isNaN(none.normalise(Float.NaN)));
        assertTrue(Float.isNaN(IntensityScale.logValue(Float.POSITIVE_INFINITY)));
        assertEquals(0f, IntensityScale.logValue(-5f), "negative counts show as zero");
    }

    @Test
    void paletteHasTwentyDistinctColours() {
        Set<Integer> colours = new HashSet<>();
        double minDistance = Double.MAX_VALUE;
        for (int a = 0; a < ClusterPalette.SIZE; a++) {
            colours.add(ClusterPalette.rgb(a));
            for (int b = 0; b < a; b++) {
                minDistance = Math.min(minDistance, distance(ClusterPalette.rgb(a), ClusterPalette.rgb(b)));
            }
        }

        assertEquals(20, colours.size());
        assertTrue(minDistance > 40, "closest pair is " + minDistance + " apart in RGB");
        assertEquals(ClusterPalette.rgb(0), ClusterPalette.rgb(20), "colours repeat after 20");
        assertNotEquals(ClusterPalette.UNASSIGNED.getRGB() & 0xFFFFFF, ClusterPalette.rgb(19));
    }

    private static double distance(int a, int b) {
        double dr = ((a >> 16) & 0xFF) - ((b >> 16) & 0xFF);
        double dg = ((a >> 8) & 0xFF) - ((b >> 8) & 0xFF);
        double db = (a & 0xFF) - (b & 0xFF);
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    @Test
    void viridisEndsAtPublishedAnchors() {
        assertEquals(0x440154, Colormap.VIRIDIS.rgb(0));
        assertEquals(0xFDE725, Colormap.VIRIDIS.rgb(1));
        assertEquals(0x21918C, Colormap.VIRIDIS.rgb(128 / 255.0), "midpoint anchor at index 128 of 256");
        assertEquals(Colormap.NON_FINITE_RGB, Colormap.VIRIDIS.rgb(Double.NaN));
        assertEquals(0x808080, Colormap.GREY.rgb(0.5));
    }

    @Test
    void resampleKeepsIsolatedSpot() {
        float[] frame = new float[16 * 16];
        frame[5 * 16 + 9] = 64;

        float[] reduced = Rasters.resample(frame, 16, 16, 4, 4);

        assertEquals(4f, reduced[1 * 4 + 2], 1e-6, "spot averaged into its 4x4 block");
        float[] enlarged = Rasters.resample(new float[] {0, 1, 2, 3}, 2, 2, 4, 4);
        assertEquals(0f, enlarged[0]);
        assertEquals(3f, enlarged[15]);
    }

    @Test
    void distanceTransformCountsToEdge() {
        int[] labels = new int[5 * 5];
        int[] distance = FigureData.distanceToOtherLabel(labels, 5, 5);

        assertEquals(1, distance[0]);
        assertEquals(3, distance[2 * 5 + 2]);
    }
}
