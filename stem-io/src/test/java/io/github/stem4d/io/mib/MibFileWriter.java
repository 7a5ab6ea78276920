package io.github.stem4d.io.mib;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.LongUnaryOperator;

/** Writes Merlin {@code .mib} files for tests: frame headers in the layout Merlin uses, then given payloads. */
final class MibFileWriter {

    private static final String DACS = "3RX,011,511,000,000,000,000,000,000,175,010,200,125,100,100,093,100,099,030,"
            + "128,004,255,140,128,191,179,511,511";
    private static final Instant START = Instant.parse("2024-01-01T12:00:00Z");

    int headerBytes = 384;
    int chips = 1;
    int width = 256;
    int height = 256;
    String type = "U16";
    String layout = "   1x1";
    int depth = 12;
    /** Nanoseconds after the start for each frame index. */
    LongUnaryOperator time = frame -> frame * 1_000_000L;

    MibFileWriter size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    MibFileWriter type(String type, int depth) {
        this.type = type;
        this.depth = depth;
        return this;
    }

    /** Returns the ASCII header of frame {@code index}, NUL-padded to {@link #headerBytes}. */
    byte[] header(long index) {
        Instant instant = START.plusNanos(time.applyAsLong(index));
        StringBuilder text = new StringBuilder();
        text.append("MQ1,").append(String.format("%06d", index + 1)).append(',')
                .append(String.format("%05d", headerBytes)).append(',').append(String.format("%02d", chips)).append(',')
                .append(String.format("%04d", width)).append(',').append(String.format("%04d", height)).append(',')
                .append(type).append(',').append(layout).append(",0F,2024-01-01 13:00:00.000000,0.001000,0,0,0,")
                .append("2.000000E+0,5.110000E+2,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0,")
                .append("0.000000E+0,");
        for (int chip = 0; chip < chips; chip++) {
            text.append(DACS).append(',');
        }
        text.append("MQ1A,").append(instant).append(",1000000ns,").append(depth).append(',');
        byte[] ascii = text.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] header = new byte[headerBytes];
        System.arraycopy(ascii, 0, header, 0, Math.min(ascii.length, headerBytes));
        return header;
    }

    /** Returns the big-endian payload of assembled pixels {@code values} for the current type. */
    byte[] assembled(int[] values) {
        int bytes = switch (type) {
            case "U08" -> 1;
            case "U16" -> 2;
            case "U32" -> 4;
            default -> 8;
        };
        ByteBuffer buffer = ByteBuffer.allocate(values.length * bytes).order(ByteOrder.BIG_ENDIAN);
        for (int value : values) {
            switch (bytes) {
                case 1 -> buffer.put((byte) value);
                case 2 -> buffer.putShort((short) value);
                case 4 -> buffer.putInt(value);
                default -> buffer.putLong(value);
            }
        }
        return buffer.array();
    }

    /**
     * Returns an R64 payload holding {@code values} in file order: 64-bit big-endian words whose
     * pixel k is the k-th field of {@code bits} bits from the least significant end.
     */
    static byte[] raw(int[] values, int bits) {
        int perWord = 64 / bits;
        ByteBuffer buffer = ByteBuffer.allocate(values.length / perWord * 8).order(ByteOrder.BIG_ENDIAN);
        for (int word = 0; word < values.length / perWord; word++) {
            long packed = 0;
            for (int k = 0; k < perWord; k++) {
                packed |= ((long) values[word * perWord + k] & ((1L << bits) - 1)) << (bits * k);
            }
            buffer.putLong(packed);
        }
        return buffer.array();
    }

    /** Writes frames whose payloads {@code payload} returns for each frame index. */
    Path write(Path file, int frames, java.util.function.IntFunction<byte[]> payload) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = 0; i < frames; i++) {
                out.write(header(i));
                out.write(payload.apply(i));
            }
        }
        return file;
    }

    /** Writes a {@code .hdr} file beside {@code mib} with the given {@code Key:<TAB>value} lines. */
    static Path writeHdr(Path mib, String... lines) throws IOException {
        String name = mib.getFileName().toString();
        Path hdr = mib.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".hdr");
        StringBuilder text = new StringBuilder("HDR,\t\r\n");
        for (String line : lines) {
            text.append(line).append("\r\n");
        }
        text.append("End\t");
        while (text.length() < 2048) {
            text.append(' ');
        }
        Files.writeString(hdr, text, StandardCharsets.US_ASCII);
        return hdr;
    }
}
