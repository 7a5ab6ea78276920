package io.github.stem4d.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Helpers that write, read and age lock files the way other programs would. */
final class LockFiles {

    static final ObjectMapper JSON = new ObjectMapper();

    private LockFiles() {
    }

    /** Seconds since the epoch, as Python's {@code time.time()}. */
    static double now() {
        Instant now = Instant.now();
        return now.getEpochSecond() + now.getNano() / 1e9;
    }

    /** Writes a record the way the original Python tool does: exclusive create, three keys. */
    static void writePythonRecord(Path record, String jobId, String scan, double timestamp) throws IOException {
        String json = "{\"job_id\": \"" + jobId + "\", \"scan_identifier\": \"" + scan + "\", \"timestamp\": "
                + timestamp + "}";
        try (var channel = Files.newByteChannel(record, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
        }
    }

    static void ageFile(Path file, Duration age) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    }

    static JsonNode readJson(Path record) throws IOException {
        return JSON.readTree(Files.readAllBytes(record));
    }

    static String token(Path record) throws IOException {
        return readJson(record).get("owner_token").asText();
    }

    /** Returns whether another process holds an OS lock on the guard file; tries to lock it for a moment. */
    static boolean guardLockedElsewhere(Path guard) throws IOException {
        try (FileChannel channel = FileChannel.open(guard, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        }
    }

    /** Lists the file names in a directory, sorted. */
    static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    static String hostName() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    }

    static String bootId() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
    }

    /** Start time of a process in clock ticks since boot, field 22 of {@code /proc/<pid>/stat}. */
    static long startTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+");
        return Long.parseLong(fields[19]);
    }

    static boolean linux() {
        return Files.isDirectory(Path.of("/proc/self")) && Files.exists(Path.of("/proc/sys/kernel/random/boot_id"));
    }

    static boolean stress() {
        return Boolean.getBoolean("stem4d.stress");
    }

    static String describe(Path directory) throws IOException {
        return Arrays.toString(names(directory).toArray());
    }
}
