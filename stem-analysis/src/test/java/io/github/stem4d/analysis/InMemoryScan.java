package io.github.stem4d.analysis;

import io.github.stem4d.analysis.scan.FrameShape;
import io.github.stem4d.analysis.scan.PixelType;
import io.github.stem4d.analysis.scan.ScanDataset;
import io.github.stem4d.analysis.scan.ScanShape;
import java.util.Map;

/** A scan held in memory, for small pipeline tests; frame f is {@code frames[f]}. */
final class InMemoryScan implements ScanDataset {

    private final ScanShape scanShape;
    private final FrameShape frameShape;
    private final float[][] frames;

    InMemoryScan(ScanShape scanShape, FrameShape frameShape, float[][] frames) {
        this.scanShape = scanShape;
        this.frameShape = frameShape;
        this.frames = frames;
    }

    @Override
    public ScanShape scanShape() {
        return scanShape;
    }

    @Override
    public FrameShape frameShape() {
        return frameShape;
    }

    @Override
    public PixelType pixelType() {
        return PixelType.FLOAT32;
    }

    @Override
    public String format() {
        return "memory";
    }

    @Override
    public Map<String, Object> metadata() {
        return Map.of("scan_shape_source", "test");
    }

    @Override
    public void readFrames(long firstFrame, int count, float[] destination) {
        int pixels = frameShape.pixelCount();
        for (int f = 0; f < count; f++) {
            System.arraycopy(frames[(int) firstFrame + f], 0, destination, f * pixels, pixels);
        }
    }

    @Override
    public void close() {
    }
}
