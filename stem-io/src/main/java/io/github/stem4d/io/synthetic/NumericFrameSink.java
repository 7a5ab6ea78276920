package io.github.stem4d.io.synthetic;

import io.github.stem4d.analysis.scan.PixelType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** Frames as plain pixel arrays: {@code .npy} (with its header) or headerless raw, little-endian. */
final class NumericFrameSink implements FrameSink {

    private final SyntheticScanSpec spec;
    private final boolean npy;

    NumericFrameSink(SyntheticScanSpec spec, boolean npy) {
        this.spec = spec;
        this.npy = npy;
    }

    @Override
    public int frameBytes() {
        return spec.frameShape().pixelCount() * spec.pixelType().bytes();
    }

    @Override
    public void writePrologue(FileChannel channel) throws IOException {
        if (!npy) {
            return;
        }
        byte[] header = NpyHeader.encode(descr(spec.pixelType()), spec.scanShape().rows(), spec.scanShape().cols(),
                spec.frameShape().rows(), spec.frameShape().cols());
        ByteBuffer buffer = ByteBuffer.wrap(header);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public void encode(long index, float[] counts, ByteBuffer target) {
        ByteBuffer out = target.order(ByteOrder.LITTLE_ENDIAN);
        PixelEncoding.put(spec.pixelType(), counts, out, PixelEncoding.maxValue(spec.pixelType()));
    }

    static String descr(PixelType type) {
        return switch (type) {
            case UINT8 -> "|u1";
            case UINT16 -> "<u2";
            case UINT32 -> "<u4";
            case FLOAT32 -> "<f4";
            default -> throw new IllegalArgumentException("unsupported pixel type " + type);
        };
    }
}
