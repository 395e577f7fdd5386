package io.tidemark.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random-frame test: hammers {@link FrameCodec#read} and {@link MessageCodec#decode} with random bytes and
 * mutated valid frames for a bounded time, asserting that the only failures are {@link ProtocolException}s.
 *
 * <p>Reproduce a failure with {@code -Dtidemark.fuzz.seed=<seed printed in the failure>}; raise the budget with
 * {@code -Dtidemark.fuzz.millis} / {@code -Dtidemark.fuzz.iterations}.
 */
class FrameFuzzTest {
    private static final String[] JSON_TOKENS = {
        "null", "true", "false", "0", "-1", "1e999", "9223372036854775808", "\"\"", "\"x\"", "[]", "{}", "[[[[",
        "}}}}", "\"type\"", "\"ping\"", "\"hello\"", "\"pair_accepted\"", "\\u0000", "\\ud800", ",", ":", "\"",
        "\u0000", "\u00ff", "NaN", "{\"type\":\"ping\"}",
    };

    private final FrameCodec frames = new FrameCodec();
    private final MessageCodec messages = new MessageCodec();

    @Test
    void decoderOnlyEverThrowsProtocolException() {
        long seed = Long.getLong("tidemark.fuzz.seed", System.nanoTime());
        long budgetMillis = Long.getLong("tidemark.fuzz.millis", 3_000);
        long maxIterations = Long.getLong("tidemark.fuzz.iterations", 200_000);
        Random random = new Random(seed);
        List<byte[]> valid = SampleMessages.all().stream().map(messages::encode).toList();

        Map<ProtocolException.Reason, Long> outcomes = new EnumMap<>(ProtocolException.Reason.class);
        long decoded = 0;
        long iterations = 0;
        long deadline = System.nanoTime() + budgetMillis * 1_000_000;
        byte[] input = null;
        try {
            while (iterations < maxIterations && System.nanoTime() < deadline) {
                input = generate(random, valid);
                iterations++;
                ByteArrayInputStream in = new ByteArrayInputStream(input);
                try {
                    for (Optional<byte[]> frame = frames.read(in); frame.isPresent(); frame = frames.read(in)) {
                        if (messages.decode(frame.get()) == null) {
                            throw new AssertionError("decode returned null");
                        }
                        decoded++;
                    }
                } catch (ProtocolException e) {
                    if (e.reason() == null || e.getMessage().length() > 2_000) {
                        throw new AssertionError("unusable ProtocolException: " + e.getMessage(), e);
                    }
                    outcomes.merge(e.reason(), 1L, Long::sum);
                }
            }
        } catch (Throwable t) {
            fail("Fuzz failure with seed " + seed + " at iteration " + iterations + " on input "
                    + preview(input) + ": " + t, t);
        }
        System.out.printf("FrameFuzzTest seed=%d iterations=%d decodedMessages=%d outcomes=%s%n",
                seed, iterations, decoded, outcomes);
        assertThat(iterations).as("seed %d", seed).isGreaterThan(1_000);
        assertThat(decoded).as("some mutated frames should still decode (seed %d)", seed).isPositive();
        assertThat(outcomes).as("seed %d", seed).containsKeys(ProtocolException.Reason.MALFORMED_MESSAGE,
                ProtocolException.Reason.TRUNCATED_FRAME, ProtocolException.Reason.OVERSIZED_FRAME);
    }

    private byte[] generate(Random random, List<byte[]> valid) throws Exception {
        switch (random.nextInt(6)) {
            case 0: {
                byte[] noise = new byte[random.nextInt(64)];
                random.nextBytes(noise);
                return noise;
            }
            case 1: {
                // Random payload behind a plausible length, so the JSON parser sees garbage.
                byte[] noise = new byte[1 + random.nextInt(256)];
                random.nextBytes(noise);
                return frame(noise);
            }
            case 2:
                return flipBits(random, frame(pick(random, valid)));
            case 3: {
                byte[] wire = frame(pick(random, valid));
                return java.util.Arrays.copyOf(wire, random.nextInt(wire.length));
            }
            case 4: {
                byte[] wire = frame(pick(random, valid));
                int length = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt();
                    case 1 -> wire.length - 4 + random.nextInt(9) - 4;
                    case 2 -> Integer.MAX_VALUE;
                    default -> FrameCodec.MAX_FRAME + random.nextInt(3) - 1;
                };
                wire[0] = (byte) (length >>> 24);
                wire[1] = (byte) (length >>> 16);
                wire[2] = (byte) (length >>> 8);
                wire[3] = (byte) length;
                return wire;
            }
            default: {
                // Structure-aware: splice JSON tokens into a valid message, then re-frame so the length is right.
                StringBuilder json = new StringBuilder(new String(pick(random, valid), StandardCharsets.UTF_8));
                int edits = 1 + random.nextInt(3);
                for (int i = 0; i < edits; i++) {
                    int at = random.nextInt(json.length() + 1);
                    int cut = Math.min(json.length() - at, random.nextInt(8));
                    json.replace(at, at + cut, random.nextBoolean() ? JSON_TOKENS[random.nextInt(JSON_TOKENS.length)]
                            : "");
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(frame(json.toString().getBytes(StandardCharsets.UTF_8)));
                if (random.nextInt(4) == 0) {
                    out.write(frame(pick(random, valid)));
                }
                return out.toByteArray();
            }
        }
    }

    private static byte[] pick(Random random, List<byte[]> valid) {
        return valid.get(random.nextInt(valid.size()));
    }

    private byte[] frame(byte[] payload) throws Exception {
        if (payload.length == 0) {
            return new byte[4];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.write(out, payload);
        return out.toByteArray();
    }

    private static byte[] flipBits(Random random, byte[] wire) {
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(wire.length);
            wire[at] ^= (byte) (1 << random.nextInt(8));
        }
        return wire;
    }

    private static String preview(byte[] input) {
        if (input == null) {
            return "<none>";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(input.length, 96); i++) {
            hex.append(String.format("%02x", input[i]));
        }
        return hex + (input.length > 96 ? "... (" + input.length + " bytes)" : "");
    }
}
