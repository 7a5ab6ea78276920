package io.github.stem4d.mcp.server;

/**
 * A tool call that cannot be served as asked: an invalid argument, a scan outside the allowed
 * roots, a missing file. The message names the change to make and becomes an {@code isError} result.
 */
public class ToolException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message for the caller. */
    public ToolException(String message) {
        super(message);
    }

    /** Creates the exception with a message for the caller and its cause. */
    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
