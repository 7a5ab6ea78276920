package io.github.stem4d.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.stem4d.analysis.scan.OpenOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the one-call facade on a small shared HDF5 scan with test-scope providers. */
class AnalysisTest {

    /** Sum of every value of the shared 16 x 16 x 64 x 64 file, from its manifest. */
    private static final double FILE_SUM = 95900444;

    @TempDir
    Path output;

    @AfterEach
    void resetWriter() {
        TestProviders.writerFailure = null;
    }

    private static AnalysisSettings smallSettings() {
        return AnalysisSettings.builder().features("binned-pattern").featureOption("grid", "8x8").k(3)
                .representativesPerCluster(2).build();
    }

    @Test
    void writesFilesAndIsolatesRendererFailureOnSharedFile() throws IOException {
        Path scan = SharedData.hdf5("b_chunk1_gzip_u16.h5");
        List<ProgressListener.Stage> stages = new ArrayList<>();
        ProgressListener listener = (stage, done, total) -> {
            if (stages.isEmpty() || stages.get(stages.size() - 1) != stage) {
                stages.add(stage);
            }
        };

        AnalysisOutcome outcome = Analysis.analyze(scan, output.resolve("run"), smallSettings(),
                OpenOptions.defaults(), listener, CancellationToken.NONE);

        Path run = output.resolve("run");
        assertEquals(List.of(run.resolve("labels.txt"), run.resolve("sizes.txt")), outcome.files());
        assertEquals(256, Files.readAllLines(run.resolve("labels.txt")).size());
        assertEquals(Map.of("broken", "broken renderer always fails"), outcome.rendererFailures());
        assertEquals(List.of(ProgressListener.Stage.OPEN, ProgressListener.Stage.FEATURES, ProgressListener.Stage.PCA,
                ProgressListener.Stage.KMEANS, ProgressListener.Stage.REPRESENTATIVES, ProgressListener.Stage.WRITE,
                ProgressListener.Stage.RENDER, ProgressListener.Stage.DONE), stages);

        AnalysisResult result = outcome.result();
        assertEquals("b_chunk1_gzip_u16", result.scanName());
        assertEquals(64, result.featureDimension());
        assertEquals("8x8", result.settings().featureOptions().get("grid"));
        double sum = 0;
        for (double total : result.virtualImages().total()) {
            sum += total;
        }
        assertEquals(FILE_SUM, sum, 0, "frame totals add up to the file sum");
    }

    @Test
    void writerFailureFailsRunOnSharedFile() {
        Path scan = SharedData.hdf5("b_chunk1_gzip_u16.h5");
        TestProviders.writerFailure = "disk full";

        IOException e = assertThrows(IOException.class, () -> Analysis.analyze(scan, output, smallSettings(),
                OpenOptions.defaults(), ProgressListener.NONE, CancellationToken.NONE));

        assertEquals("result writer 'labels-text' failed to write under " + output + ": disk full", e.getMessage());
    }

    @Test
    void missingScanIsReported() {
        IOException e = assertThrows(IOException.class, () -> Analysis.analyze(output.resolve("absent.h5"), output,
                smallSettings(), OpenOptions.defaults(), ProgressListener.NONE, CancellationToken.NONE));

        assertTrue(e.getMessage().contains("absent.h5"), e.getMessage());
    }

    @Test
    void scanNameDropsLastExtension() {
        assertEquals("scan", Analysis.scanName(Path.of("/data/scan.h5")));
        assertEquals("scan.raw", Analysis.scanName(Path.of("scan.raw.gz")));
        assertEquals(".hidden", Analysis.scanName(Path.of(".hidden")));
    }
}
