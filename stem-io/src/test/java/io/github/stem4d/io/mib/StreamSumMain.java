package io.github.stem4d.io.mib;

import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanDatasets;
import java.nio.file.Path;

/**
 * Streams every frame of a scan in blocks of 16 frames and prints {@code frames=N sum=S}; run in
 * a separate JVM with a small heap to show that reading never keeps the scan in memory.
 */
public final class StreamSumMain {

    private StreamSumMain() {
    }

    /** Reads {@code args[0]} and prints the frame count and the sum of all pixels. */
    public static void main(String[] args) throws Exception {
        try (ScanDataset dataset = ScanDatasets.open(Path.of(args[0]))) {
            int pixels = dataset.frameShape().pixelCount();
            int block = 16;
            float[] buffer = new float[block * pixels];
            long sum = 0;
            long frames = dataset.frameCount();
            for (long first = 0; first < frames; first += block) {
                int count = (int) Math.min(block, frames - first);
                dataset.readFrames(first, count, buffer);
                for (int i = 0; i < count * pixels; i++) {
                    sum += (long) buffer[i];
                }
            }
            System.out.println("frames=" + frames + " sum=" + sum + " max_heap=" + Runtime.getRuntime().maxMemory());
        }
    }
}
