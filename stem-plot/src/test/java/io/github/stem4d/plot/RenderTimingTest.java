package io.github.stem4d.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.AnalysisResult;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders a realistic result: with {@code -Dstem4d.stress=true} a 256 x 256 scan of 256 x 256
 * frames with K = 16 (printing the time of each figure), and always a 64 x 64 scan with five
 * regions into {@code target/figure-preview} for a person to look at.
 */
class RenderTimingTest {

    @TempDir
    Path folder;

    @Test
    void previewFiguresForReview() throws IOException {
        SyntheticScan scan = SyntheticScan.crystal(64, 64, 128, 128, 5);
        Path out = Paths.get("target", "figure-preview");

        List<Path> written = new PngFigureRenderer().render(scan.result(), scan.dataset(), out);

        assertEquals(10, written.size());
    }

    @Test
    void largeScanTimingsStress() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("stem4d.stress"), "set -Dstem4d.stress=true to run");
        SyntheticScan scan = SyntheticScan.crystal(256, 256, 256, 256, 16);
        AnalysisResult result = scan.result();
        Map<String, Duration> timings = new LinkedHashMap<>();

        long start = System.nanoTime();
        List<Path> written = new PngFigureRenderer().render(result, scan.dataset(), folder, timings);
        long totalMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(21, written.size());
        // Generous bound that only catches a hang.
        assertTrue(totalMs < 600_000, "render took " + totalMs + " ms");
        StringBuilder report = new StringBuilder("render times, 256x256 scan, 256x256 frames, K=16:\n");
        timings.forEach((name, time) -> report.append(String.format(Locale.ROOT, "  %-24s %6d ms%n", name,
                time.toMillis())));
        report.append("  total ").append(totalMs).append(" ms");
        System.out.println(report);
    }
}
