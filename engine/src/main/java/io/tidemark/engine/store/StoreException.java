package io.tidemark.engine.store;

/** A store could not be opened or used; the message is written for the person at the keyboard. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
