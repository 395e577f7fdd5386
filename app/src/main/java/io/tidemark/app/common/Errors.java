package io.tidemark.app.common;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns failures into text meant for a person. */
public final class Errors {
    private Errors() {
    }

    /** The cause's own message, without wrapper exceptions or a stack trace; its type when it has none. */
    public static String messageOf(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t == null) {
            return "";
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }
}
