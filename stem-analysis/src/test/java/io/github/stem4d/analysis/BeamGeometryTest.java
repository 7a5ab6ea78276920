package io.github.stem4d.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.FrameShape;
import org.junit.jupiter.api.Test;

class BeamGeometryTest {

    /** Returns a 64 x 64 pattern with a uniform disk of radius 6 at (30, 35) and a hot pixel far away. */
    private static float[] diskWithHotPixel() {
        float[] pattern = new float[64 * 64];
        for (int r = 0; r < 64; r++) {
            for (int c = 0; c < 64; c++) {
                pattern[r * 64 + c] = Math.hypot(r - 30, c - 35) <= 6 ? 100 : 1;
            }
        }
        pattern[5 * 64 + 5] = 60000;
        return pattern;
    }

    @Test
    void findsDiskDespiteHotPixel() {
        BeamGeometry geometry = BeamGeometry.estimate(diskWithHotPixel(), new FrameShape(64, 64),
                AnalysisSettings.defaults());

        assertEquals(30, geometry.centreRow(), 1e-9);
        assertEquals(35, geometry.centreCol(), 1e-9);
        // 113 pixel centres lie within 6 px (sqrt(113 / pi) = 6.0); the filters move the rim by
        // less than half a pixel.
        assertEquals(6, geometry.diskRadius(), 0.5);
        assertEquals(1.25 * geometry.diskRadius(), geometry.brightFieldRadius(), 1e-12);
        assertEquals(2 * geometry.diskRadius(), geometry.annularInnerRadius(), 1e-12);
        assertEquals(28, geometry.annularOuterRadius(), 1e-12, "distance to the right edge, 63 - 35");
    }

    @Test
    void findsDirectBeamAmongBrighterBraggSpots() {
        // A 256 x 256 mean pattern of a crystal: a wide direct beam (radius 10, height 50) at
        // (120, 134) and a lattice of sharp spots three times as bright.
        float[] pattern = new float[256 * 256];
        for (int r = 0; r < 256; r++) {
            for (int c = 0; c < 256; c++) {
                pattern[r * 256 + c] = Math.hypot(r - 120, c - 134) <= 10 ? 50 : 1;
            }
        }
        for (int r = 20; r < 256; r += 24) {
            for (int c = 14; c < 256; c += 24) {
                if (Math.hypot(r - 120, c - 134) > 14) {
                    pattern[r * 256 + c] = 150;
                    pattern[r * 256 + c + 1] = 150;
                    pattern[(r + 1) * 256 + c] = 150;
                    pattern[(r + 1) * 256 + c + 1] = 150;
                }
            }
        }

        BeamGeometry geometry = BeamGeometry.estimate(pattern, new FrameShape(256, 256), AnalysisSettings.defaults());

        assertEquals(120, geometry.centreRow(), 0.5);
        assertEquals(134, geometry.centreCol(), 0.5);
        assertEquals(10, geometry.diskRadius(), 1.0);
    }

    @Test
    void annulusOfLargeBeamStaysOutsideBrightField() {
        // A disk of radius 30 centred 20 px from the top edge of a 128 x 128 detector.
        float[] pattern = new float[128 * 128];
        for (int r = 0; r < 128; r++) {
            for (int c = 0; c < 128; c++) {
                pattern[r * 128 + c] = Math.hypot(r - 20, c - 64) <= 30 ? 100 : 1;
            }
        }

        BeamGeometry geometry = BeamGeometry.estimate(pattern, new FrameShape(128, 128), AnalysisSettings.defaults());

        assertTrue(geometry.annularInnerRadius() >= geometry.brightFieldRadius(),
                "annulus " + geometry.annularInnerRadius() + " inside bright field " + geometry.brightFieldRadius());
        assertTrue(geometry.annularOuterRadius() > geometry.annularInnerRadius());
        assertTrue(geometry.annulus(new FrameShape(128, 128), geometry.annularInnerRadius(),
                geometry.annularOuterRadius()).length > 0, "annulus has pixels on the detector");
    }

    @Test
    void emptyPatternFallsBackToDetectorCentre() {
        BeamGeometry geometry = BeamGeometry.estimate(new float[48 * 64], new FrameShape(48, 64),
                AnalysisSettings.defaults());

        assertEquals(23.5, geometry.centreRow(), 0);
        assertEquals(31.5, geometry.centreCol(), 0);
        assertEquals(3, geometry.diskRadius(), 0);
        assertEquals(23.5, geometry.annularOuterRadius(), 0);
    }

    @Test
    void settingsRadiiWin() {
        AnalysisSettings settings = AnalysisSettings.builder().brightFieldRadius(4).annularInnerRadius(10)
                .annularOuterRadius(20).build();

        BeamGeometry geometry = BeamGeometry.estimate(diskWithHotPixel(), new FrameShape(64, 64), settings);

        assertEquals(4, geometry.brightFieldRadius(), 0);
        assertEquals(10, geometry.annularInnerRadius(), 0);
        assertEquals(20, geometry.annularOuterRadius(), 0);
        assertEquals(13, geometry.disk(new FrameShape(64, 64), 2).length, "pixels within 2 px");
    }

    @Test
    void innerRadiusBeyondDerivedOuterIsRejected() {
        AnalysisSettings settings = AnalysisSettings.builder().annularInnerRadius(40).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BeamGeometry.estimate(diskWithHotPixel(), new FrameShape(64, 64), settings));
        assertEquals("annular dark-field inner radius 40.0 must be below the outer radius 28.0 (detector 64x64,"
                + " beam centre 30.0, 35.0); set both radii", e.getMessage());
    }
}
