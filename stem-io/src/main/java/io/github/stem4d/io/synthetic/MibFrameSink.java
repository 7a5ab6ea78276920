package io.github.stem4d.io.synthetic;

import io.github.stem4d.analysis.scan.PixelType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Single-chip Merlin frames: a 384-byte ASCII header (MQ1 fields, then the MQ1A tail with a UTC
 * timestamp, shutter and counter depth), then big-endian pixels. Frames are 1 ms apart, and the
 * first frame of every scan row comes 50 microseconds later, as a line flyback would, so a
 * reader can find the row length from the timestamps. The {@code .hdr} beside it states ScanX
 * and ScanY.
 */
final class MibFrameSink implements FrameSink {

    /** Header bytes of every frame; 256 + 128 per chip for one chip. */
    static final int HEADER_BYTES = 384;

    private static final long FRAME_NANOS = 1_000_000L;
    private static final long FLYBACK_NANOS = 50_000L;
    private static final Instant START = Instant.parse("2024-01-01T12:00:00Z");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'");
    private static final String DACS = "3RX,068,511,000,000,000,000,000,000,100,255,100,125,100,100,080,100,090,030,128,004,"
            + "255,126,128,174,172,511,511";

    private final SyntheticScanSpec spec;
    private final String pixelCode;
    private final int counterDepth;
    private final double maxValue;

    MibFrameSink(SyntheticScanSpec spec) {
        this.spec = spec;
        PixelType type = spec.pixelType();
        this.pixelCode = switch (type) {
            case UINT8 -> "U08";
            case UINT16 -> "U16";
            case UINT32 -> "U32";
            default -> throw new IllegalArgumentException("pixel type " + type + " cannot be stored in a .mib file");
        };
        // Counter depths of the Merlin readout: 6-bit counts in U08, 12-bit in U16, 24-bit in U32.
        this.counterDepth = switch (type) {
            case UINT8 -> 6;
            case UINT16 -> 12;
            default -> 24;
        };
        this.maxValue = (1L << counterDepth) - 1;
    }

    @Override
    public int frameBytes() {
        return HEADER_BYTES + spec.frameShape().pixelCount() * spec.pixelType().bytes();
    }

    @Override
    public void writePrologue(FileChannel channel) {
        // MIB has no file header.
    }

    @Override
    public void encode(long index, float[] counts, ByteBuffer target) {
        target.put(header(index));
        ByteBuffer out = target.order(ByteOrder.BIG_ENDIAN);
        PixelEncoding.put(spec.pixelType(), counts, out, maxValue);
    }

    private byte[] header(long index) {
        long row = index / spec.scanShape().cols();
        Instant time = START.plusNanos(index * FRAME_NANOS + row * FLYBACK_NANOS);
        LocalDateTime utc = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
        String text = "MQ1," + String.format("%06d", index + 1) + "," + String.format("%05d", HEADER_BYTES) + ",01,"
                + String.format("%04d", spec.frameShape().cols()) + "," + String.format("%04d", spec.frameShape().rows())
                + "," + pixelCode + ",   1x1,01," + LOCAL.format(utc) + ",0.001000,0,0,0,"
                + "1.000000E+1,5.110000E+2,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0,"
                + DACS + ",MQ1A," + UTC.format(utc) + ",1000000ns," + counterDepth + ",";
        byte[] header = new byte[HEADER_BYTES];
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length > HEADER_BYTES) {
            throw new IllegalStateException("MIB header of " + ascii.length + " bytes exceeds " + HEADER_BYTES);
        }
        System.arraycopy(ascii, 0, header, 0, ascii.length);
        return header;
    }

    @Override
    public void writeSidecars(Path scanFile) throws IOException {
        String name = scanFile.getFileName().toString();
        String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".mib") ? name.substring(0, name.length() - 4) : name;
        Path hdr = scanFile.resolveSibling(base + ".hdr");
        String crlf = "\r\n";
        StringBuilder text = new StringBuilder();
        text.append("HDR,\t").append(crlf);
        text.append("Time and Date Stamp (day, mnth, yr, hr, min, s):\t01/01/2024 12:00:00").append(crlf);
        text.append("Chip ID:\tsynthetic, - , - , - ").append(crlf);
        text.append("Assembly Size (NX1, 2X2):\t   1x1").append(crlf);
        text.append("Counter Depth (number):\t").append(counterDepth).append(crlf);
        text.append("Gap Fill Mode:\tNone").append(crlf);
        text.append("Frames in Acquisition (Number):\t").append(spec.scanShape().frameCount()).append(crlf);
        text.append("Frames per Trigger (Number):\t").append(spec.scanShape().cols()).append(crlf);
        text.append("Software Version:\tstem4d synthetic").append(crlf);
        text.append("ScanX:\t").append(spec.scanShape().cols()).append(crlf);
        text.append("ScanY:\t").append(spec.scanShape().rows()).append(crlf);
        text.append("End\t");
        while (text.length() < 2048) {
            text.append(' ');
        }
        SyntheticScanGenerator.writeAtomically(hdr, text.toString().getBytes(StandardCharsets.US_ASCII), true);
    }
}
