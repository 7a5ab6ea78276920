package io.github.stem4d.io.mib;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * Finds the scan row length from frame timestamps. At the start of each scan row the beam flies
 * back, so the interval before the first frame of a row is longer than the others. A row length
 * {@code c} is accepted only when every interval before frames {@code c, 2c, ...} exceeds the
 * median of the other intervals by more than {@link #MARGIN} times their spread (at least the
 * timestamp resolution), and those excesses agree within a factor of two.
 */
final class MibTimestamps {

    /** How many times the interval spread a line-start excess must exceed. */
    static final int MARGIN = 10;

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    /**
     * Result of the search.
     *
     * @param lineLength frames per scan row, or 0 when no row structure was found
     * @param note why, in words, for metadata
     */
    record Inference(int lineLength, String note) {
    }

    private MibTimestamps() {
    }

    /**
     * Returns the time of a frame in nanoseconds from the UTC timestamp after {@code MQ1A}, or
     * from the local timestamp (microseconds) when the header has none, or {@code Long.MIN_VALUE}.
     */
    static long nanos(MibHeader header) {
        try {
            if (!header.extendedTimestamp().isEmpty()) {
                Instant instant = Instant.parse(header.extendedTimestamp());
                return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
            }
            if (!header.localTimestamp().isEmpty()) {
                Instant instant = LocalDateTime.parse(header.localTimestamp(), LOCAL).toInstant(ZoneOffset.UTC);
                return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
        return Long.MIN_VALUE;
    }

    /**
     * Searches the frame times {@code nanos} (one per frame, in file order) for a periodic
     * line-start delay.
     *
     * @param resolutionNanos smallest meaningful time step of the timestamps
     */
    static Inference inferLineLength(long[] nanos, long resolutionNanos) {
        int n = nanos.length;
        if (n < 4) {
            return new Inference(0, "fewer than 4 frames");
        }
        long[] intervals = new long[n - 1];
        for (int i = 0; i < n - 1; i++) {
            intervals[i] = nanos[i + 1] - nanos[i];
        }
        long[] sorted = intervals.clone();
        Arrays.sort(sorted);
        long median = sorted[sorted.length / 2];
        long max = sorted[sorted.length - 1];
        if (max - median <= resolutionNanos) {
            return new Inference(0, "frame intervals are regular (median " + median + " ns, max " + max
                    + " ns), so no line start shows");
        }

        // The first interval well above the median ends the first row.
        long midpoint = median + (max - median) / 2;
        int first = 0;
        while (intervals[first] <= midpoint) {
            first++;
        }
        int lineLength = first + 1;
        if (lineLength < 2 || n / lineLength < 2) {
            return new Inference(0, "the longest frame intervals do not repeat as line starts");
        }
        return check(intervals, lineLength, resolutionNanos);
    }

    private static Inference check(long[] intervals, int lineLength, long resolutionNanos) {
        int lineStarts = 0;
        long minStart = Long.MAX_VALUE;
        long maxStart = Long.MIN_VALUE;
        long[] others = new long[intervals.length];
        int otherCount = 0;
        for (int i = 0; i < intervals.length; i++) {
            if ((i + 1) % lineLength == 0) {
                lineStarts++;
                minStart = Math.min(minStart, intervals[i]);
                maxStart = Math.max(maxStart, intervals[i]);
            } else {
                others[otherCount++] = intervals[i];
            }
        }
        long[] rest = Arrays.copyOf(others, otherCount);
        Arrays.sort(rest);
        long median = rest[rest.length / 2];
        long spread = Math.max(rest[rest.length - 1] - rest[0], resolutionNanos);
        long excess = minStart - median;
        String numbers = "line starts every " + lineLength + " frames (" + lineStarts + " found): smallest excess "
                + excess + " ns over the median interval " + median + " ns, interval spread " + spread + " ns";
        if (excess <= MARGIN * spread) {
            return new Inference(0, "no consistent line start (" + numbers + ", below " + MARGIN + "x the spread)");
        }
        if (maxStart - median > 2 * excess) {
            return new Inference(0, "line-start delays differ by more than a factor of 2 (" + numbers + ")");
        }
        return new Inference(lineLength, numbers);
    }
}
