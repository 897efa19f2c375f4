package org.rapport.server.api;

/**
 * A failure answered to the client as {@code {"error": message, "status": status}} with that HTTP
 * status; the message says what was wrong and, where it helps, what to do.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * @param status the HTTP status, 4xx or 5xx
     * @param message the message for the client
     */
    public ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @param message what is wrong @return a 400 */
    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    /** @param message what was not found @return a 404 */
    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    /** @param message why not @return a 403 */
    public static ApiError forbidden(String message) {
        return new ApiError(403, message);
    }

    /**
     * @param what what is missing, e.g. "equity"
     * @param how the command that computes it
     * @return a 404 saying the result is not computed yet
     */
    public static ApiError notComputed(String what, String how) {
        return new ApiError(404, "not computed yet: " + what + " (run " + how + ")");
    }
}
