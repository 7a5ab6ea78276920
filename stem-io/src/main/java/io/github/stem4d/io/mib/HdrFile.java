package io.github.stem4d.io.mib;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Merlin {@code .hdr} text file beside a {@code .mib} file: {@code HDR,}, then lines of
 * {@code Key (hint):<TAB>value} with CRLF endings, then {@code End}, padded with spaces.
 *
 * @param path the file read
 * @param fields keys (without the trailing colon) and trimmed values, in file order
 */
record HdrFile(Path path, Map<String, String> fields) {

    /** Largest {@code .hdr} file read; Merlin writes 2048 bytes. */
    static final long MAX_BYTES = 1 << 20;

    /**
     * Finds the {@code .hdr} file with the same base name as {@code mibFile}, if any.
     */
    static Optional<Path> locate(Path mibFile) {
        String name = mibFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        for (String extension : new String[] {".hdr", ".HDR", ".Hdr"}) {
            Path candidate = mibFile.resolveSibling(base + extension);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads and parses {@code path}.
     *
     * @throws IOException if it cannot be read, is larger than {@link #MAX_BYTES}, or does not start with {@code HDR,}
     */
    static HdrFile read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_BYTES) {
            throw new IOException("'" + path + "' has " + size + " bytes; a Merlin .hdr file has about 2048");
        }
        String text = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HDR,")) {
            throw new IOException("'" + path + "' does not start with 'HDR,'");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].replace("\r", "");
            int tab = line.indexOf('\t');
            String key = (tab < 0 ? line : line.substring(0, tab)).trim();
            if (key.equals("End")) {
                break;
            }
            if (key.endsWith(":")) {
                key = key.substring(0, key.length() - 1).trim();
            }
            if (!key.isEmpty()) {
                fields.put(key, tab < 0 ? "" : line.substring(tab + 1).trim());
            }
        }
        return new HdrFile(path, Collections.unmodifiableMap(fields));
    }

    /** Returns the value whose key, without its parenthesised hint, equals {@code name} (ignoring case). */
    Optional<String> value(String name) {
        String target = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> entry : fields.entrySet()) {
            String key = entry.getKey().replaceAll("\\s*\\(.*\\)\\s*$", "").trim().toLowerCase(Locale.ROOT);
            if (key.equals(target)) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    /** Returns the positive integer value of {@code name}, or empty when it is absent or not a positive integer. */
    OptionalInt positiveInt(String name) {
        Optional<String> value = value(name);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int parsed = Integer.parseInt(value.get().trim());
            return parsed > 0 ? OptionalInt.of(parsed) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
