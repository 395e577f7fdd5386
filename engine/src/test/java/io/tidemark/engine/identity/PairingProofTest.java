package io.tidemark.engine.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.api.Test;

class PairingProofTest {

    private final Random random = new Random(1);
    private final byte[] secret = bytes(32);
    private final DeviceId inviter = new DeviceId(bytes(32));
    private final DeviceId joiner = new DeviceId(bytes(32));

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Test
    void theRightProofVerifies() {
        byte[] nonce = PairingProof.newNonce();
        byte[] proof = PairingProof.compute(secret, inviter, joiner, nonce);
        assertThat(proof).hasSize(PairingProof.PROOF_LENGTH);
        assertThat(PairingProof.verify(secret, inviter, joiner, nonce, proof)).isTrue();
    }

    @Test
    void proofIsBoundToJoinerNonceInviterAndSecret() {
        byte[] nonce = PairingProof.newNonce();
        byte[] proof = PairingProof.compute(secret, inviter, joiner, nonce);
        DeviceId otherDevice = new DeviceId(bytes(32));
        assertThat(PairingProof.verify(secret, inviter, otherDevice, nonce, proof)).isFalse();
        assertThat(PairingProof.verify(secret, inviter, joiner, PairingProof.newNonce(), proof)).isFalse();
        assertThat(PairingProof.verify(secret, otherDevice, joiner, nonce, proof)).isFalse();
        assertThat(PairingProof.verify(bytes(32), inviter, joiner, nonce, proof)).isFalse();
        // Swapping roles must not produce the same proof.
        assertThat(PairingProof.verify(secret, joiner, inviter, nonce, proof)).isFalse();
    }

    @Test
    void malformedProofsAreFalseAndMalformedNoncesAreRejected() {
        byte[] nonce = PairingProof.newNonce();
        assertThat(PairingProof.verify(secret, inviter, joiner, nonce, null)).isFalse();
        assertThat(PairingProof.verify(secret, inviter, joiner, nonce, new byte[0])).isFalse();
        assertThatThrownBy(() -> PairingProof.compute(secret, inviter, joiner, new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
    }

    @Test
    void noncesAreFreshAndFullLength() {
        byte[] a = PairingProof.newNonce();
        byte[] b = PairingProof.newNonce();
        assertThat(a).hasSize(32);
        assertThat(a).isNotEqualTo(b);
    }
}
