package io.github.stem4d.analysis;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.ScanShape;
import java.io.IOException;

/**
 * Analyses a computed 32 x 64 scan of 256 x 256 frames (512 MiB as floats) in the JVM it runs
 * in and prints {@code OK <frames> <clusters>}. {@link BoundedMemoryTest} starts it with a heap
 * smaller than the scan.
 */
public final class BoundedMemoryMain {

    private BoundedMemoryMain() {
    }

    public static void main(String[] args) throws IOException {
        FrameShape shape = new FrameShape(256, 256);
        PipelineEdgeCaseTest.ComputedScan scan = new PipelineEdgeCaseTest.ComputedScan(new ScanShape(32, 64), shape,
                PipelineEdgeCaseTest.twoPhases(shape));
        AnalysisSettings settings = AnalysisSettings.builder().k(2).threads(2).build();
        AnalysisResult result = new ScanAnalyzer(settings, ProgressListener.NONE, CancellationToken.NONE)
                .analyze("bounded", scan);
        System.out.println("OK " + result.frameCount() + " " + result.k());
    }
}
