package io.tidemark.engine.identity;

import io.tidemark.engine.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class InviteRegistryTest {

    private final Random random = new Random(5);
    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final InviteRegistry registry = new InviteRegistry(clock);
    private final UUID library = UUID.randomUUID();
    private final DeviceId inviter = randomId();
    private final DeviceId joiner = randomId();

    private DeviceId randomId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return new DeviceId(b);
    }

    /** What a joiner does: decode the text it was given and prove knowledge of the secret. */
    private static byte[] proofFromText(String text, DeviceId joiner, byte[] nonce) {
        InviteCode received = InviteCode.decode(text);
        return PairingProof.compute(received.secret(), received.inviter(), joiner, nonce);
    }

    @Test
    void issuedCodeIsValidForTenMinutesByDefault() {
        InviteCode code = registry.issue(library, inviter, List.of("192.168.1.2:22000"));
        assertThat(code.libraryId()).isEqualTo(library);
        assertThat(code.inviter()).isEqualTo(inviter);
        assertThat(code.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(code.secret()).hasSize(32);
        assertThat(registry.issue(library, inviter, List.of()).secret()).isNotEqualTo(code.secret());
        assertThat(registry.pendingCount()).isEqualTo(2);
    }

    @Test
    void rightProofSucceedsOnceThenTheCodeIsUsed() {
        InviteCode code = registry.issue(library, inviter, List.of("192.168.1.2:22000"));
        String text = code.encode();
        byte[] nonce = PairingProof.newNonce();

        Redemption first = registry.redeem(InviteCode.decode(text).inviteId(), joiner, nonce,
                proofFromText(text, joiner, nonce));
        assertThat(first).isEqualTo(new Redemption.Accepted(library, inviter, joiner));
        assertThat(registry.pendingCount()).isZero();

        byte[] nonce2 = PairingProof.newNonce();
        Redemption second = registry.redeem(code.inviteId(), joiner, nonce2, proofFromText(text, joiner, nonce2));
        assertThat(second).isInstanceOfSatisfying(Redemption.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(Redemption.Reason.ALREADY_USED);
            assertThat(refused.message()).contains("already used");
        });
        DeviceId otherJoiner = randomId();
        Redemption third = registry.redeem(code.inviteId(), otherJoiner, nonce2,
                proofFromText(text, otherJoiner, nonce2));
        assertThat(((Redemption.Refused) third).reason()).isEqualTo(Redemption.Reason.ALREADY_USED);
    }

    @Test
    void wrongProofIsRefusedAndTheInviteStaysUsable() {
        InviteCode code = registry.issue(library, inviter, List.of());
        byte[] nonce = PairingProof.newNonce();
        byte[] wrongSecret = new byte[32];
        random.nextBytes(wrongSecret);

        Redemption wrong = registry.redeem(code.inviteId(), joiner, nonce,
                PairingProof.compute(wrongSecret, inviter, joiner, nonce));
        assertThat(wrong).isInstanceOfSatisfying(Redemption.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(Redemption.Reason.BAD_PROOF);
            assertThat(refused.message()).contains("proof did not match");
        });
        assertThat(((Redemption.Refused) registry.redeem(code.inviteId(), joiner, nonce, null)).reason())
                .isEqualTo(Redemption.Reason.BAD_PROOF);
        assertThat(((Redemption.Refused) registry.redeem(code.inviteId(), joiner, new byte[3], new byte[32])).reason())
                .isEqualTo(Redemption.Reason.BAD_PROOF);

        assertThat(registry.pendingCount()).isEqualTo(1);
        assertThat(registry.redeem(code.inviteId(), joiner, nonce,
                PairingProof.compute(code.secret(), inviter, joiner, nonce)))
                .isInstanceOf(Redemption.Accepted.class);
    }

    @Test
    void proofFromAnotherSessionOrDeviceIsRefused() {
        InviteCode code = registry.issue(library, inviter, List.of());
        byte[] recordedNonce = PairingProof.newNonce();
        byte[] recordedProof = PairingProof.compute(code.secret(), inviter, joiner, recordedNonce);

        // Replayed in a new session (new nonce), or presented by an eavesdropper's device.
        Redemption replayed = registry.redeem(code.inviteId(), joiner, PairingProof.newNonce(), recordedProof);
        Redemption stolen = registry.redeem(code.inviteId(), randomId(), recordedNonce, recordedProof);
        assertThat(((Redemption.Refused) replayed).reason()).isEqualTo(Redemption.Reason.BAD_PROOF);
        assertThat(((Redemption.Refused) stolen).reason()).isEqualTo(Redemption.Reason.BAD_PROOF);
    }

    @Test
    void expiredCodeIsRefusedAsExpiredThenPurged() {
        InviteCode code = registry.issue(library, inviter, List.of());
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        byte[] nonce = PairingProof.newNonce();

        Redemption late = registry.redeem(code.inviteId(), joiner, nonce,
                PairingProof.compute(code.secret(), inviter, joiner, nonce));
        assertThat(late).isInstanceOfSatisfying(Redemption.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(Redemption.Reason.EXPIRED);
            assertThat(refused.message()).contains("expired");
        });
        assertThat(registry.pendingCount()).isZero();
        assertThat(registry.retainedCount()).isEqualTo(1);

        clock.advance(InviteRegistry.RETENTION);
        assertThat(registry.retainedCount()).isZero();
        assertThat(((Redemption.Refused) registry.redeem(code.inviteId(), joiner, nonce,
                PairingProof.compute(code.secret(), inviter, joiner, nonce))).reason())
                .isEqualTo(Redemption.Reason.UNKNOWN);
    }

    @Test
    void codeIsValidUpToItsExpiryInstant() {
        InviteCode code = registry.issue(library, inviter, List.of(), Duration.ofMinutes(2));
        clock.advance(Duration.ofMinutes(2).minusSeconds(1));
        byte[] nonce = PairingProof.newNonce();
        assertThat(registry.redeem(code.inviteId(), joiner, nonce,
                PairingProof.compute(code.secret(), inviter, joiner, nonce)))
                .isInstanceOf(Redemption.Accepted.class);
    }

    @Test
    void unknownInviteIsRefused() {
        registry.issue(library, inviter, List.of());
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        byte[] nonce = PairingProof.newNonce();
        Redemption result = registry.redeem(InviteId.of(secret), joiner, nonce,
                PairingProof.compute(secret, inviter, joiner, nonce));
        assertThat(result).isInstanceOfSatisfying(Redemption.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(Redemption.Reason.UNKNOWN);
            assertThat(refused.message()).contains("not known");
        });
    }

    @Test
    void rejectsUnreasonableValidity() {
        assertThatThrownBy(() -> registry.issue(library, inviter, List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validity");
        assertThatThrownBy(() -> registry.issue(library, inviter, List.of(), Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    }

    @Test
    void inviteIdIsDerivedFromTheSecretWithoutRevealingIt() {
        InviteCode code = registry.issue(library, inviter, List.of());
        byte[] expected = java.util.Arrays.copyOf(DeviceId.sha256(
                "tidemark-invite-id".getBytes(java.nio.charset.StandardCharsets.US_ASCII), code.secret()), 16);
        assertThat(code.inviteId().bytes()).isEqualTo(expected);
        assertThat(code.inviteId().toString()).hasSize(32).doesNotContain(
                java.util.HexFormat.of().formatHex(code.secret()).substring(0, 8));
    }

    @Test
    void concurrentRedemptionsAdmitExactlyOneDevice() throws Exception {
        InviteCode code = registry.issue(library, inviter, List.of());
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Redemption>> attempts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                DeviceId device = randomId();
                byte[] nonce = PairingProof.newNonce();
                byte[] proof = PairingProof.compute(code.secret(), inviter, device, nonce);
                attempts.add(() -> registry.redeem(code.inviteId(), device, nonce, proof));
            }
            long accepted = 0;
            for (Future<Redemption> result : pool.invokeAll(attempts)) {
                if (result.get() instanceof Redemption.Accepted) {
                    accepted++;
                } else {
                    assertThat(((Redemption.Refused) result.get()).reason()).isEqualTo(Redemption.Reason.ALREADY_USED);
                }
            }
            assertThat(accepted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
