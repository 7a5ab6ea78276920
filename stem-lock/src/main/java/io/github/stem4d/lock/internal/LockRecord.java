package io.github.stem4d.lock.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.stem4d.lock.LockHolder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The fields of the JSON holder record, and its parser and writer. Unknown keys are ignored when
 * reading. The three keys of the original Python tools ({@code job_id}, {@code scan_identifier},
 * {@code timestamp}) are required.
 */
record LockRecord(
        String jobId,
        String scanIdentifier,
        double timestamp,
        String acquiredAt,
        String ownerToken,
        Long pid,
        Long processStart,
        String host,
        String bootId,
        Long generation,
        Integer version) {

    /** Record format version written by this library. */
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** Returns the current time in seconds since the epoch, as Python's {@code time.time()}. */
    static double now() {
        Instant now = Instant.now();
        return now.getEpochSecond() + now.getNano() / 1e9;
    }

    /** Returns a copy with another timestamp. */
    LockRecord withTimestamp(double newTimestamp) {
        return new LockRecord(jobId, scanIdentifier, newTimestamp, acquiredAt, ownerToken, pid, processStart, host,
                bootId, generation, version);
    }

    /** Returns the record as one line of JSON followed by a newline. */
    byte[] toJson() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("job_id", jobId);
        node.put("scan_identifier", scanIdentifier);
        // Plain decimal like Python's json.dumps(time.time()), not Java's 1.79E9 notation.
        node.put("timestamp", java.math.BigDecimal.valueOf(timestamp));
        putIfPresent(node, "acquired_at", acquiredAt);
        putIfPresent(node, "owner_token", ownerToken);
        if (pid != null) {
            node.put("pid", pid);
        }
        if (processStart != null) {
            node.put("process_start", processStart);
        }
        putIfPresent(node, "host", host);
        putIfPresent(node, "boot_id", bootId);
        if (generation != null) {
            node.put("generation", generation);
        }
        if (version != null) {
            node.put("version", version);
        }
        try {
            return (MAPPER.writeValueAsString(node) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Jackson failed to write a tree of strings and numbers", e);
        }
    }

    /**
     * Parses a record. Returns empty when the bytes are not a JSON object with a string {@code job_id}, a
     * string {@code scan_identifier}, a finite number {@code timestamp}, and optional fields of
     * the right type (pid positive, counters not negative).
     */
    static Optional<LockRecord> parse(byte[] bytes) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        JsonNode job = root.get("job_id");
        JsonNode scan = root.get("scan_identifier");
        JsonNode time = root.get("timestamp");
        if (job == null || !job.isTextual() || scan == null || !scan.isTextual()
                || time == null || !time.isNumber() || !Double.isFinite(time.doubleValue())) {
            return Optional.empty();
        }
        try {
            Long pid = optionalLong(root, "pid", 1);
            Long processStart = optionalLong(root, "process_start", 0);
            Long generation = optionalLong(root, "generation", 0);
            Long version = optionalLong(root, "version", 0);
            if (version != null && version > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            return Optional.of(new LockRecord(job.textValue(), scan.textValue(), time.doubleValue(),
                    optionalText(root, "acquired_at"), optionalText(root, "owner_token"), pid, processStart,
                    optionalText(root, "host"), optionalText(root, "boot_id"), generation,
                    version == null ? null : version.intValue()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Converts to the public holder type. */
    LockHolder toHolder(LockHolder.Liveness liveness) {
        Duration age = Duration.ofNanos(Math.round((now() - timestamp) * 1e9));
        return new LockHolder(jobId, scanIdentifier, timestamp, acquiredAt, ownerToken, pid, processStart, host,
                bootId, generation, version, age, liveness, true);
    }

    /** Describes an unreadable record, dated by its file modification time. */
    static LockHolder unreadableHolder(Instant modified, LockHolder.Liveness liveness) {
        double seconds = modified.getEpochSecond() + modified.getNano() / 1e9;
        return new LockHolder("unknown", "unknown", seconds, null, null, null, null, null, null, null, null,
                Duration.between(modified, Instant.now()), liveness, false);
    }

    private static void putIfPresent(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }

    private static String optionalText(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException(key);
        }
        return node.textValue();
    }

    private static Long optionalLong(JsonNode root, String key, long minimum) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < minimum) {
            throw new IllegalArgumentException(key);
        }
        return node.longValue();
    }
}
