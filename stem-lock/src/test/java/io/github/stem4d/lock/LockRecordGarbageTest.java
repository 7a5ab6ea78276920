package io.github.stem4d.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Invalid records cause no crash and are taken over while no process holds the guard file. */
class LockRecordGarbageTest {

    @TempDir
    Path directory;

    static Stream<Arguments> garbage() {
        byte[] binary = new byte[4096];
        new Random(42).nextBytes(binary);
        String now = Double.toString(LockFiles.now());
        StringBuilder huge = new StringBuilder("{\"job_id\": \"");
        huge.append("a".repeat(10 * 1024 * 1024)).append("\", \"scan_identifier\": \"s\", \"timestamp\": ").append(now)
                .append('}');
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("truncated", ("{\"job_id\": \"j\", \"scan_identifier\": \"s\", \"time").getBytes(StandardCharsets.UTF_8)),
                Arguments.of("binary", binary),
                Arguments.of("ten megabytes", huge.toString().getBytes(StandardCharsets.UTF_8)),
                Arguments.of("job id number", json("{\"job_id\": 7, \"scan_identifier\": \"s\", \"timestamp\": " + now + "}")),
                Arguments.of("timestamp string", json("{\"job_id\": \"j\", \"scan_identifier\": \"s\", \"timestamp\": \"" + now + "\"}")),
                Arguments.of("timestamp missing", json("{\"job_id\": \"j\", \"scan_identifier\": \"s\"}")),
                Arguments.of("pid zero", json("{\"job_id\": \"j\", \"scan_identifier\": \"s\", \"timestamp\": " + now + ", \"pid\": 0}")),
                Arguments.of("pid negative", json("{\"job_id\": \"j\", \"scan_identifier\": \"s\", \"timestamp\": " + now + ", \"pid\": -1}")),
                Arguments.of("pid text", json("{\"job_id\": \"j\", \"scan_identifier\": \"s\", \"timestamp\": " + now + ", \"pid\": \"12\"}")),
                Arguments.of("generation negative", json("{\"job_id\": \"j\", \"scan_identifier\": \"s\", \"timestamp\": " + now + ", \"generation\": -4}")),
                Arguments.of("array", json("[1, 2, 3]")),
                Arguments.of("null", json("null")),
                Arguments.of("two objects", json("{\"job_id\": \"j\", \"scan_identifier\": \"s\", \"timestamp\": " + now + "}{}")),
                Arguments.of("huge number", json("{\"job_id\": \"j\", \"scan_identifier\": \"s\", \"timestamp\": 1e999}")));
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void garbageRecordIsTakenOverWhenGuardFree(String name, byte[] content) throws Exception {
        Path record = directory.resolve("analysis.lock");
        Files.write(record, content);
        // An empty record younger than two seconds may be a writer between create and write.
        LockFiles.ageFile(record, Duration.ofSeconds(30));
        AnalysisLock lock = AnalysisLock.open(LockOptions.builder().path(record).build());

        LockHolder holder = lock.holder().orElseThrow();
        assertFalse(holder.readable(), name + " was parsed as " + holder);
        assertEquals(LockHolder.Liveness.DEAD, holder.liveness());
        assertEquals("unknown", holder.jobId());

        try (LockLease lease = lock.tryAcquire("after-" + name.replace(' ', '-'), "scan")) {
            assertEquals("after-" + name.replace(' ', '-'), LockFiles.readJson(record).get("job_id").asText());
            assertEquals(lease.holder().ownerToken(), LockFiles.token(record));
        }
        assertEquals(List.of("analysis.lock.guard"), LockFiles.names(directory), "no temporary files remain");
    }

    @Test
    void freshEmptyRecordIsDeniedBriefly() throws Exception {
        Path record = directory.resolve("analysis.lock");
        Files.write(record, new byte[0]);
        AnalysisLock lock = AnalysisLock.open(LockOptions.builder().path(record).build());
        LockDeniedException denied = assertThrows(LockDeniedException.class, () -> lock.tryAcquire("me", "scan"));
        assertEquals(LockHolder.Liveness.UNKNOWN, denied.holder().liveness());
        assertTrue(denied.getMessage().contains("unreadable record"), denied.getMessage());

        try (LockLease lease = lock.acquire("me", "scan", Duration.ofSeconds(20))) {
            assertEquals("me", LockFiles.readJson(record).get("job_id").asText());
        }
    }

    @Test
    void garbageGuardContentRestartsGeneration() throws Exception {
        Path record = directory.resolve("analysis.lock");
        Files.writeString(directory.resolve("analysis.lock.guard"), "not a number\u0000\u0001");
        AnalysisLock lock = AnalysisLock.open(LockOptions.builder().path(record).build());
        try (LockLease lease = lock.tryAcquire("job", "scan")) {
            assertEquals(1, lease.generation());
        }
        try (LockLease lease = lock.tryAcquire("job", "scan")) {
            assertEquals(2, lease.generation());
        }
    }
}
