package io.github.stem4d.mcp.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Helpers shared by the job classes: names, ids, durations and atomic JSON files. */
public final class Jobs {

    /** The mapper for every JSON file the application writes; indented, thread-safe once configured. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private Jobs() {
    }

    /** Returns the scan name of a file: its name without the last extension ({@code a.b.h5} gives {@code a.b}). */
    public static String scanName(Path scan) {
        String name = scan.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Returns a new job id: UTC start time to the second and 6 random hex digits, so ids sort by start time. */
    public static String newJobId() {
        String time = ZonedDateTime.now(ZoneOffset.UTC).format(ID_TIME);
        return time + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /** Formats a duration for people: {@code 850 ms}, {@code 12.3 s}, {@code 4 min 05 s}, {@code 2 h 03 min}. */
    public static String formatDuration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
    }

    /** Writes {@code value} as JSON to a temporary file beside {@code target}, then renames it over {@code target}. */
    public static void writeJsonAtomically(Path target, Object value) throws IOException {
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".partial");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the default permissions stand.
        }
        try {
            JSON.writeValue(temporary.toFile(), value);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Returns the stem4d version from the jar manifest, or {@code "development build"}. */
    public static String version() {
        String version = Jobs.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }
}
