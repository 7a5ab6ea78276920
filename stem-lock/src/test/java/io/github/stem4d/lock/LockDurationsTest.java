package io.github.stem4d.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Duration texts of the command line and options. */
class LockDurationsTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, 500",
        "30s, 30000",
        "5m, 300000",
        "1h, 3600000",
        "2d, 172800000",
        "1h30m, 5400000",
        "1.5s, 1500",
        "PT30S, 30000",
        "pt1m, 60000",
        "45, 45000",
        "0, 0",
        "' 10S ', 10000"
    })
    void parsesAcceptedForms(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), LockDurations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "10x", "-5s", "5 s", "PT-1S", "s", "1h-"})
    void rejectsInvalidForms(String text) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> LockDurations.parse(text));
        assertTrue(error.getMessage().contains("'" + text + "'"), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "250, 250ms",
        "12500, 12.5s",
        "3723000, 1h 2m 3s",
        "90061000, 1d 1h 1m 1s"
    })
    void formatsForPeople(long millis, String text) {
        assertEquals(text, LockDurations.format(Duration.ofMillis(millis)));
    }
}
