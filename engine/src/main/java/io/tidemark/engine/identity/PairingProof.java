package io.tidemark.engine.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The joiner's proof that it knows an invite's secret, bound to one TLS session.
 *
 * <p>The proof is {@code HMAC-SHA256(secret, "tidemark-pair-v1" || inviter id || joiner id ||
 * nonce)}, every field prefixed with its 4-byte big-endian length so no two different inputs
 * share an encoding. The secret itself never crosses the wire. Binding to both device ids (the
 * SHA-256 of the two TLS certificates) means a proof is only valid between exactly those two
 * devices, and the inviter's fresh 32-byte nonce means a proof recorded in one session is
 * worthless in the next, so a code overheard on the LAN cannot be replayed.
 *
 * <p>This only holds if the joiner checks, before sending its proof, that the inviter's TLS
 * certificate hashes to {@link InviteCode#inviter()}, and the inviter takes the joiner id from the
 * joiner's TLS client certificate rather than from anything the joiner says.
 */
public final class PairingProof {

    /** Length in bytes of the inviter's per-session nonce. */
    public static final int NONCE_LENGTH = 32;
    /** Length in bytes of a proof (one HMAC-SHA256 output). */
    public static final int PROOF_LENGTH = 32;

    private static final byte[] LABEL = "tidemark-pair-v1".getBytes(StandardCharsets.US_ASCII);
    private static final String HMAC = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PairingProof() {
    }

    /** A fresh random nonce for the inviter to send at the start of a pairing session. */
    public static byte[] newNonce() {
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /**
     * Computes the proof a joiner sends.
     *
     * @throws IllegalArgumentException if the secret is empty or the nonce is not
     *     {@value #NONCE_LENGTH} bytes
     */
    public static byte[] compute(byte[] secret, DeviceId inviter, DeviceId joiner, byte[] nonce) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(inviter, "inviter");
        Objects.requireNonNull(joiner, "joiner");
        Objects.requireNonNull(nonce, "nonce");
        if (secret.length == 0) {
            throw new IllegalArgumentException("the invite secret is empty");
        }
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("a pairing nonce is " + NONCE_LENGTH + " bytes, got " + nonce.length);
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            for (byte[] field : new byte[][] {LABEL, inviter.bytes(), joiner.bytes(), nonce}) {
                mac.update(ByteBuffer.allocate(4).putInt(field.length).array());
                mac.update(field);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /**
     * Checks a received proof in constant time. A missing or wrong-length proof is simply false.
     *
     * @throws IllegalArgumentException under the same conditions as {@link #compute}
     */
    public static boolean verify(byte[] secret, DeviceId inviter, DeviceId joiner, byte[] nonce, byte[] proof) {
        byte[] expected = compute(secret, inviter, joiner, nonce);
        return proof != null && MessageDigest.isEqual(expected, proof);
    }
}
