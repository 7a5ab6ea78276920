package io.github.stem4d.analysis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared test data folder; tests that need it are skipped when it is absent. */
public final class SharedData {

    private SharedData() {
    }

    /**
     * Returns {@code shared/data/reference/<name>}, found by walking up from the working
     * directory to the folder that contains {@code shared/}.
     *
     * @throws org.opentest4j.TestAbortedException (skipping the test) if the file is absent
     */
    public static Path reference(String name) {
        Path file = root().resolve("data").resolve("reference").resolve(name);
        assumeTrue(Files.isRegularFile(file), "shared test data not found: " + file);
        return file;
    }

    /** Returns {@code shared/data/hdf5/<name>}, skipping the test when absent. */
    public static Path hdf5(String name) {
        Path file = root().resolve("data").resolve("hdf5").resolve(name);
        assumeTrue(Files.isRegularFile(file), "shared test data not found: " + file);
        return file;
    }

    /** Returns {@code shared/tools/<name>}, skipping the test when absent. */
    public static Path tool(String name) {
        Path file = root().resolve("tools").resolve(name);
        assumeTrue(Files.isRegularFile(file), "shared tool not found: " + file);
        return file;
    }

    private static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("data"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        assumeTrue(false, "no shared/ folder above " + System.getProperty("user.dir"));
        throw new AssertionError("unreachable");
    }
}
