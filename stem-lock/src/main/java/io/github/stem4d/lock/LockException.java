package io.github.stem4d.lock;

/**
 * Root of the unchecked errors of the analysis lock. It means the lock could not be checked,
 * created or released for a reason other than another job holding it.
 *
 * <p>A lock held by someone else is reported by the checked {@link LockDeniedException} instead.
 */
public class LockException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an error with a message that states what failed and what to do.
     *
     * @param message the message
     * @param cause the underlying error, or {@code null}
     */
    public LockException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates an error with a message that states what failed and what to do.
     *
     * @param message the message
     */
    public LockException(String message) {
        super(message);
    }
}
