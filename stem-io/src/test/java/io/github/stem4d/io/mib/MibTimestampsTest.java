package io.github.stem4d.io.mib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MibTimestampsTest {

    /** Frame times with {@code interval} ns between frames, {@code flyback} ns more before each row start, and jitter. */
    private static long[] times(int rows, int cols, long interval, long flyback, long jitter, long seed) {
        Random random = new Random(seed);
        long[] times = new long[rows * cols];
        long t = 0;
        for (int i = 0; i < times.length; i++) {
            if (i > 0) {
                t += interval + (i % cols == 0 ? flyback : 0) + (jitter == 0 ? 0 : random.nextLong(jitter + 1));
            }
            times[i] = t;
        }
        return times;
    }

    @Test
    void findsRowLengthFromFlybackDelay() {
        long[] times = times(16, 32, 1_000_000, 20_000, 20, 1);

        assertEquals(32, MibTimestamps.inferLineLength(times, 10).lineLength());
    }

    @Test
    void findsRowLengthOfTwoRows() {
        long[] times = times(2, 4, 102_000_000, 20_820, 20, 2);

        assertEquals(4, MibTimestamps.inferLineLength(times, 10).lineLength());
    }

    @Test
    void regularTimesGiveNoRows() {
        long[] times = times(1, 9, 1_000_000, 0, 0, 3);

        MibTimestamps.Inference inference = MibTimestamps.inferLineLength(times, 10);

        assertEquals(0, inference.lineLength());
        assertEquals(true, inference.note().contains("regular"), inference.note());
    }

    @Test
    void delayWithinJitterGivesNoRows() {
        long[] times = times(2, 4, 1_850_000, 10, 10, 4);

        assertEquals(0, MibTimestamps.inferLineLength(times, 10).lineLength());
    }

    @Test
    void singleLongIntervalOffPeriodGivesNoRows() {
        long[] times = times(1, 12, 1_000_000, 0, 0, 5);
        for (int i = 5; i < times.length; i++) {
            times[i] += 50_000;
        }
        times[9] += 50_000;
        times[10] += 50_000;
        times[11] += 50_000;

        // Long intervals before frames 5 and 9 are not a whole-number period of 12 frames.
        assertEquals(0, MibTimestamps.inferLineLength(times, 10).lineLength());
    }

    @Test
    void inconsistentDelaysGiveNoRows() {
        long[] times = times(4, 4, 1_000_000, 0, 0, 6);
        long[] delays = {10_000, 50_000, 10_000};
        for (int row = 1; row < 4; row++) {
            for (int i = row * 4; i < times.length; i++) {
                times[i] += delays[row - 1];
            }
        }

        assertEquals(0, MibTimestamps.inferLineLength(times, 10).lineLength());
    }

    @Test
    void fewerThanFourFramesGiveNoRows() {
        assertEquals(0, MibTimestamps.inferLineLength(new long[] {0, 10, 20}, 10).lineLength());
    }
}
