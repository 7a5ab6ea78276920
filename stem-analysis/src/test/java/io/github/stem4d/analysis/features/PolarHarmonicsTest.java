package io.github.stem4d.analysis.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.FrameShape;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Behaviour of polar-harmonics that needs no reference data: options, small frames, paths, beam centre. */
class PolarHarmonicsTest {

    private static final FeatureExtractor EXTRACTOR = new PolarHarmonicsExtractor();

    private static double[] extract(FrameShape shape, Map<String, String> options, float[] frame) {
        PreparedExtractor prepared = EXTRACTOR.prepare(shape, options);
        double[] features = new double[prepared.dimension()];
        prepared.newWorker().extract(frame, 0, features, 0);
        return features;
    }

    @Test
    void defaultLayoutHas68NamedColumns() {
        PreparedExtractor prepared = EXTRACTOR.prepare(new FrameShape(256, 256), Map.of());
        assertEquals(68, prepared.dimension());
        assertEquals(68, prepared.columnNames().size());
        assertEquals("radial_mean_0", prepared.columnNames().get(0));
        assertEquals("radial_std_0", prepared.columnNames().get(4));
        assertEquals("ratio", prepared.columnNames().get(28));
        assertEquals("q90", prepared.columnNames().get(31));
        assertEquals("harmonic_2_band_0", prepared.columnNames().get(32));
        assertEquals("harmonic_12_band_5", prepared.columnNames().get(67));
        assertEquals("detector", prepared.options().get("beam-center"));
        assertEquals(new FrameShape(256, 256), prepared.frameShape());
    }

    @Test
    void otherOptionsChangeLayoutAsDocumented() {
        PreparedExtractor prepared = EXTRACTOR.prepare(new FrameShape(256, 256),
                Map.of("bins", "6", "harmonics", "3,4", "bands", "5"));
        assertEquals(2 * 6 + 20 + 1 + 3 + 2 * 5, prepared.dimension());
        assertEquals("harmonic_3_band_0", prepared.columnNames().get(36));

        double[] features = extract(new FrameShape(256, 256), Map.of("bins", "6", "harmonics", "3,4", "bands", "5"),
                SyntheticFrames.pattern(256, 256, 0, 0));
        for (double value : features) {
            assertTrue(Double.isFinite(value));
        }
        // Six top-k slots used, indices divided by bins - 1; slots 6 to 9 stay 0.
        for (int s = 0; s < 6; s++) {
            double index = features[12 + s] * 5;
            assertEquals(Math.rint(index), index, 1e-12);
        }
        for (int s = 6; s < 10; s++) {
            assertEquals(0, features[12 + s]);
            assertEquals(0, features[22 + s]);
        }
        // Odd harmonic 3 of a six-fold pattern is weak; harmonic 4 also, but both are in [0, 1].
        for (int c = 36; c < 46; c++) {
            assertTrue(features[c] >= 0, "column " + c + " = " + features[c]);
            assertTrue(features[c] <= 1, "column " + c + " = " + features[c]);
        }
    }

    @ParameterizedTest
    @CsvSource({"unknown, 1", "size, 3"})
    void unknownOptionListsAllowedNames(String name, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EXTRACTOR.prepare(new FrameShape(256, 256), Map.of(name, value)));
        assertTrue(e.getMessage().contains("unknown option '" + name + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("bins, harmonics, bands, mask-radius, radius, ntheta, crop, beam-center"),
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "bins; four", "bins; 2", "bins; 200", "harmonics; 2,,4", "harmonics; 2,2", "harmonics; 0",
        "harmonics; 180", "bands; 0", "mask-radius; -1", "mask-radius; 200", "radius; 112", "radius; x",
        "ntheta; 361", "ntheta; 4", "crop; 8", "beam-center; beam"})
    void invalidValueNamesOptionAndValue(String name, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EXTRACTOR.prepare(new FrameShape(256, 256), Map.of(name, value)));
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("option '" + name + "'"), e.getMessage());
    }

    @Test
    void tinyFrameIsRejectedWithShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EXTRACTOR.prepare(new FrameShape(8, 256), Map.of()));
        assertTrue(e.getMessage().contains("8x256"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"128, 128", "192, 192", "64, 256", "223, 223", "256, 100"})
    void smallFramesGiveFiniteFeatures(int rows, int cols) {
        PreparedExtractor prepared = EXTRACTOR.prepare(new FrameShape(rows, cols), Map.of());
        assertEquals(68, prepared.dimension());
        double[] features = extract(new FrameShape(rows, cols), Map.of(), SyntheticFrames.pattern(rows, cols, 0, 0));
        for (int c = 0; c < features.length; c++) {
            assertTrue(Double.isFinite(features[c]), "column " + c + " = " + features[c]);
        }
        assertEquals(1.0, Math.max(Math.max(features[0], features[1]), Math.max(features[2], features[3])), 1e-6);
    }

    @ParameterizedTest
    @CsvSource({"128, 128", "192, 192", "64, 256"})
    void smallFramesResembleFullSizeFeatures(int rows, int cols) {
        double[] full = extract(new FrameShape(224, 224), Map.of(), SyntheticFrames.pattern(224, 224, 0, 0));
        double[] small = extract(new FrameShape(rows, cols), Map.of(), SyntheticFrames.pattern(rows, cols, 0, 0));
        double tolerance = Math.min(rows, cols) < 100 ? 0.1 : 0.05;
        for (int c = 0; c < 68; c++) {
            if (c == 4) {
                // The angular spread at the disk edge grows as the disk covers fewer pixels.
                assertTrue(small[c] >= full[c], "column 4 = " + small[c]);
                assertTrue(small[c] < 0.5, "column 4 = " + small[c]);
            } else if (c == 28) {
                assertEquals(full[c], small[c], 0.05 * full[c], "ratio");
            } else {
                assertEquals(full[c], small[c], tolerance, "column " + c);
            }
        }
        // The six spots show as six-fold and twelve-fold symmetry in radial band 2 only.
        int band = 2;
        int twoFold = 32 + band;
        int sixFold = 32 + 2 * 6 + band;
        int twelveFold = 32 + 5 * 6 + band;
        assertTrue(small[sixFold] > 0.1, "six-fold " + small[sixFold]);
        assertTrue(small[sixFold] > 5 * small[twoFold], "six-fold " + small[sixFold] + ", two-fold " + small[twoFold]);
        assertTrue(small[twelveFold] > 0.08, "twelve-fold " + small[twelveFold]);
    }

    @Test
    void generalPathMatchesIntegerPath() {
        FrameShape shape = new FrameShape(256, 256);
        float[] counts = SyntheticFrames.noise(1, 256, 256, 7, false);
        float[] fraction = counts.clone();
        // A fraction inside the beam mask forces the general path but changes no feature.
        fraction[127 * 256 + 128] += 0.5f;
        double[] integerPath = extract(shape, Map.of(), counts);
        double[] generalPath = extract(shape, Map.of(), fraction);
        assertArrayEquals(integerPath, generalPath, 1e-9);

        float[] large = counts.clone();
        large[127 * 256 + 128] = 1e6f;
        assertArrayEquals(integerPath, extract(shape, Map.of(), large), 1e-9);
    }

    @Test
    void fractionalFramesMatchDoubleReferenceQuantiles() {
        // Fractional values everywhere use the general path; q50 must equal the exact median.
        float[] frame = SyntheticFrames.noise(1, 224, 224, 11, true);
        double[] features = extract(new FrameShape(224, 224), Map.of("mask-radius", "0"), frame);
        double[] logs = new double[frame.length];
        for (int k = 0; k < frame.length; k++) {
            logs[k] = Math.log1p(frame[k]);
        }
        java.util.Arrays.sort(logs);
        double clipPosition = 0.995 * (logs.length - 1);
        int low = (int) clipPosition;
        double clip = logs[low] + (clipPosition - low) * (logs[low + 1] - logs[low]);
        double median = (logs[25087] + logs[25088]) / 2;
        assertEquals(median / (clip + 1e-8), features[30], 1e-6);
    }

    @Test
    void beamCentreFollowsShiftedPattern() {
        FrameShape shape = new FrameShape(256, 256);
        Map<String, String> com = Map.of("beam-center", "com");
        double[] centred = extract(shape, com, SyntheticFrames.pattern(256, 256, 0, 0));
        double[] shifted = extract(shape, com, SyntheticFrames.pattern(256, 256, 5, -3));
        assertArrayEquals(centred, shifted, 1e-12);

        double[] fixedWindow = extract(shape, Map.of(), SyntheticFrames.pattern(256, 256, 5, -3));
        assertNotEquals(centred[4], fixedWindow[4], 1e-3);
    }

    @Test
    void beamFinderLocatesDisk() {
        double[] centre = new double[2];
        BeamCenter.locate(new float[64 * 80], 0, 64, 80, centre);
        assertArrayEquals(new double[] {31.5, 39.5}, centre);
        BeamCenter.locate(SyntheticFrames.pattern(256, 256, 2.25, -1.5), 0, 256, 256, centre);
        assertEquals(127.5 + 2.25, centre[0], 0.3);
        assertEquals(127.5 - 1.5, centre[1], 0.3);
        assertEquals(0, BeamCenter.windowStart(-50, 224, 256));
        assertEquals(32, BeamCenter.windowStart(500, 224, 256));
        assertEquals(16, BeamCenter.windowStart(127.5, 224, 256));
    }

    @Test
    void workerReusesBuffersAcrossFrames() {
        FrameShape shape = new FrameShape(256, 256);
        PreparedExtractor prepared = EXTRACTOR.prepare(shape, Map.of());
        PreparedExtractor.Worker worker = prepared.newWorker();
        float[] frames = SyntheticFrames.noise(3, 256, 256, 3, false);
        double[] first = new double[68];
        double[] again = new double[68];
        worker.extract(frames, 0, first, 0);
        worker.extract(frames, 65536, again, 0);
        worker.extract(frames, 2 * 65536, again, 0);
        assertFalse(worker.extract(frames, 0, again, 0));
        assertArrayEquals(first, again);
    }
}
