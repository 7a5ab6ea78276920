package io.github.stem4d.lock;

import java.nio.file.Path;

/**
 * Error raised when the lock cannot work at the configured path.
 *
 * <p>Causes: the record or guard file is a symbolic link, a directory or a FIFO; the directory is
 * missing or read-only; or the file system has no reliable OS file locks and degraded mode is
 * off.
 *
 * <p>This error never means that the lock is held; retrying does not help until the
 * configuration is fixed.
 */
public class LockConfigurationException extends LockException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * Creates the error for one path.
     *
     * @param path the file or directory that is wrong
     * @param message what is wrong and what to do
     * @param cause the underlying error, or {@code null}
     */
    public LockConfigurationException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /**
     * Returns the file or directory that is wrong.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }
}
