package io.github.stem4d.io.testdata;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the shared test data folder ({@code shared/data} beside the project root) by walking
 * up from the working directory. Tests that need it are skipped when it is absent.
 */
public final class SharedTestData {

    private SharedTestData() {
    }

    /** Returns the {@code shared/data} folder, or empty when no parent of the working directory holds one. */
    public static Optional<Path> root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    /** Returns a file or folder under {@code shared/data}, skipping the calling test when it is missing. */
    public static Path require(String relative) {
        Optional<Path> root = root();
        assumeTrue(root.isPresent(), "shared/data not found above " + System.getProperty("user.dir"));
        Path path = root.get().resolve(relative);
        assumeTrue(Files.exists(path), "shared test data missing: " + path);
        return path;
    }

    /** Returns whether stress variants are enabled (system property {@code stem4d.stress=true}). */
    public static boolean stress() {
        return Boolean.getBoolean("stem4d.stress");
    }
}
