package io.github.stem4d.analysis.scan;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Raised when a scan file cannot be used: invalid or truncated content, an unsupported
 * layout, or settings that do not fit the file. The message names the file, the offset or
 * dataset concerned, what was expected and what was found.
 */
public class InvalidScanException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public InvalidScanException(Path path, String message) {
        super(message);
        this.path = path;
    }

    public InvalidScanException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** Returns the file concerned, or null when no file is involved. */
    public Path path() {
        return path;
    }
}
