package io.github.stem4d.io.mib;

import io.github.stem4d.analysis.scan.InvalidScanException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The fields of one Merlin frame header that the reader uses. The header is ASCII, comma
 * separated, padded with NUL bytes to {@code headerBytes}; the counter depth and the UTC
 * timestamp come from the tokens after {@code MQ1A}, found by value because the number of
 * DAC tokens before it depends on the chip count.
 *
 * @param offset byte offset of the header in the file
 * @param sequence frame sequence number (token 1)
 * @param headerBytes header length in bytes, the payload offset within the frame (token 2)
 * @param chips number of chips read out (token 3)
 * @param width pixels per payload row (token 4)
 * @param height payload rows (token 5)
 * @param typeCode pixel type: U08, U16, U32, U64 or R64 (token 6)
 * @param sensorLayout sensor layout such as {@code 1x1} or {@code 2x2G}, trimmed (token 7)
 * @param localTimestamp local acquisition time with microseconds (token 9), or empty
 * @param shutter exposure in seconds as written (token 10), or empty
 * @param extendedTimestamp UTC time with nanoseconds after {@code MQ1A}, or empty
 * @param counterDepth counter depth after {@code MQ1A}, or -1 when the header has no {@code MQ1A} tail
 */
record MibHeader(long offset, long sequence, int headerBytes, int chips, int width, int height, String typeCode,
        String sensorLayout, String localTimestamp, String shutter, String extendedTimestamp, int counterDepth) {

    /** Magic at the start of every frame header. */
    static final String MAGIC = "MQ1,";

    private static final String[] FIELD_NAMES = {
        "header id", "sequence number", "data offset", "chips", "width", "height", "pixel type", "sensor layout"
    };

    /**
     * Parses a header from the first {@code length} bytes of {@code bytes}.
     *
     * @throws InvalidScanException if the magic is missing, a field is absent or a number is invalid
     */
    static MibHeader parse(Path path, long offset, byte[] bytes, int length) throws InvalidScanException {
        String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        if (!text.startsWith(MAGIC)) {
            throw new InvalidScanException(path, "invalid Merlin frame header in '" + path.getFileName()
                    + "' at offset " + offset + ": expected it to start with 'MQ1,', found '"
                    + io.github.stem4d.io.internal.ScanFiles.printable(bytes, 0, length, 16) + "'");
        }
        String[] tokens = text.split(",", -1);
        if (tokens.length < FIELD_NAMES.length) {
            throw new InvalidScanException(path, "invalid Merlin frame header in '" + path.getFileName()
                    + "' at offset " + offset + ": expected at least " + FIELD_NAMES.length
                    + " comma-separated fields (MQ1, sequence, offset, chips, width, height, type, layout), found "
                    + tokens.length);
        }

        long sequence = number(path, offset, tokens, 1, 0, Long.MAX_VALUE);
        int headerBytes = (int) number(path, offset, tokens, 2, 1, Integer.MAX_VALUE);
        int chips = (int) number(path, offset, tokens, 3, 1, 64);
        int width = (int) number(path, offset, tokens, 4, 1, 1 << 16);
        int height = (int) number(path, offset, tokens, 5, 1, 1 << 16);
        String typeCode = clean(tokens[6]);
        String layout = clean(tokens[7]);
        String local = tokens.length > 9 ? clean(tokens[9]) : "";
        String shutter = tokens.length > 10 ? clean(tokens[10]) : "";

        String extended = "";
        int depth = -1;
        for (int i = FIELD_NAMES.length; i < tokens.length; i++) {
            if (clean(tokens[i]).equals("MQ1A")) {
                extended = i + 1 < tokens.length ? clean(tokens[i + 1]) : "";
                if (i + 3 < tokens.length) {
                    depth = (int) number(path, offset, tokens, i + 3, 1, 64, "counter depth (third field after MQ1A)");
                }
                break;
            }
        }
        return new MibHeader(offset, sequence, headerBytes, chips, width, height, typeCode, layout, local, shutter,
                extended, depth);
    }

    /** Returns whether the sensor layout names a gap between chips ({@code 2x2G}, {@code Nx1G}). */
    boolean hasChipGap() {
        return sensorLayout.toUpperCase(java.util.Locale.ROOT).endsWith("G");
    }

    private static long number(Path path, long offset, String[] tokens, int index, long min, long max)
            throws InvalidScanException {
        return number(path, offset, tokens, index, min, max, FIELD_NAMES[index] + " (field " + index + ")");
    }

    private static long number(Path path, long offset, String[] tokens, int index, long min, long max, String name)
            throws InvalidScanException {
        String value = clean(tokens[index]);
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidScanException(path, "invalid Merlin frame header in '" + path.getFileName()
                    + "' at offset " + offset + ": " + name + " should be a decimal number, found '"
                    + shorten(value) + "'");
        }
        if (parsed < min || parsed > max) {
            throw new InvalidScanException(path, "invalid Merlin frame header in '" + path.getFileName()
                    + "' at offset " + offset + ": " + name + " should be between " + min + " and " + max
                    + ", found " + parsed);
        }
        return parsed;
    }

    private static String clean(String token) {
        return token.replace("\0", "").trim();
    }

    private static String shorten(String value) {
        return value.length() <= 24 ? value : value.substring(0, 24) + "...";
    }
}
