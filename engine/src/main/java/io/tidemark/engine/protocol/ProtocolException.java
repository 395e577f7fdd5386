package io.tidemark.engine.protocol;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A peer sent something this device will not accept; the connection it arrived on must be closed.
 *
 * <p>Checked on purpose: every frame and message read from the network can fail this way, and the compiler should
 * force the connection layer to decide what to do (log the {@link #reason()}, emit an event, send a
 * {@link Message.Refused} when still possible, close). Transport failures stay {@link java.io.IOException}s so
 * "the peer misbehaved" and "the network broke" are never confused.
 *
 * <p>The {@link Reason} is machine-readable (for events, metrics and the {@code code} of {@link Message.Refused} /
 * {@link Message.ErrorMessage}); {@link #getMessage()} is the human explanation, prefixed with the reason code.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a frame, message or handshake was refused. Codes are stable: they travel on the wire and into logs. */
    public enum Reason {
        /** A frame declared (or a sender tried to write) more bytes than the frame limit. */
        OVERSIZED_FRAME,
        /** The stream ended inside a frame header or payload. */
        TRUNCATED_FRAME,
        /** A frame declared a length of zero; no message encodes to nothing. */
        EMPTY_FRAME,
        /** A payload is not valid UTF-8 JSON for a known message: bad syntax, wrong types, missing fields, limits. */
        MALFORMED_MESSAGE,
        /** A payload names a message {@code type} this version does not know. */
        UNKNOWN_MESSAGE_TYPE,
        /** The peer speaks a protocol version this device does not support. */
        UNSUPPORTED_VERSION,
        /** The peer syncs a different library than the one this connection is for. */
        WRONG_LIBRARY,
        /** The peer's TLS certificate fingerprint is not among the paired devices. */
        UNPAIRED_CERTIFICATE,
        /** The peer did not finish its handshake in time. */
        HANDSHAKE_TIMEOUT,
        /** A well-formed message arrived where the protocol does not allow it (e.g. a response of the wrong type). */
        UNEXPECTED_MESSAGE,
        /** A pairing attempt failed: unknown or expired invite, bad proof. */
        PAIRING_FAILED,
        /** The peer's clock is further ahead than the allowed drift; syncing would drag every clock forward. */
        CLOCK_SKEW;

        /** The stable lower-case code used on the wire, e.g. {@code "oversized_frame"}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The reason for a wire code, if this version knows it (peers may send codes from newer versions). */
        public static Optional<Reason> fromCode(String code) {
            for (Reason r : values()) {
                if (r.code().equals(code)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    private final Reason reason;

    public ProtocolException(Reason reason, String message) {
        super("[" + Objects.requireNonNull(reason, "reason").code() + "] " + Objects.requireNonNull(message, "message"));
        this.reason = reason;
    }

    public ProtocolException(Reason reason, String message, Throwable cause) {
        this(reason, message);
        initCause(cause);
    }

    public Reason reason() {
        return reason;
    }
}
