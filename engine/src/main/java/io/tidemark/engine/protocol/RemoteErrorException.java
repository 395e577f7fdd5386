package io.tidemark.engine.protocol;

import java.util.Objects;

/**
 * The peer answered a request with an {@link Message.ErrorMessage}. Completes the request's future in
 * {@link RequestTracker}, so a caller waiting for a typed response learns why instead of seeing a type mismatch.
 */
public final class RemoteErrorException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Message.ErrorMessage error;

    public RemoteErrorException(Message.ErrorMessage error) {
        super("The peer answered request " + Objects.requireNonNull(error, "error").requestId() + " with error ["
                + error.code() + "] " + error.message());
        this.error = error;
    }

    public Message.ErrorMessage error() {
        return error;
    }

    /** The peer's machine-readable code, normally a {@link ProtocolException.Reason#code()}. */
    public String code() {
        return error.code();
    }
}
