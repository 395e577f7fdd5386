package io.tidemark.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.tidemark.engine.protocol.Message.Hello;
import io.tidemark.engine.protocol.Message.Ping;
import io.tidemark.engine.protocol.Message.Refused;
import io.tidemark.engine.protocol.ProtocolException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    static List<Message> samples() {
        return SampleMessages.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyMessageRoundTripsExactly(Message message) throws Exception {
        byte[] json = codec.encode(message);
        assertThat(codec.decode(json)).isEqualTo(message);
    }

    @Test
    void samplesCoverEveryPermittedRecord() {
        Set<Class<?>> sampled = samples().stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> permitted = leaves(Message.class).collect(Collectors.toSet());
        assertThat(permitted).contains(Message.PushBatch.class);
        assertThat(sampled).containsAll(permitted);
    }

    /** Every record under a sealed family, through nested families such as Sync's Notice. */
    private static java.util.stream.Stream<Class<?>> leaves(Class<?> type) {
        return type.isSealed() ? Arrays.stream(type.getPermittedSubclasses()).flatMap(MessageCodecTest::leaves) : java.util.stream.Stream.of(type);
    }

    @Test
    void binaryKindsAreStable() {
        // The two bulk record messages travel in binary; their kind bytes are wire names too.
        assertThat(RecordFrames.MAGIC).isEqualTo((byte) 0x01);
        assertThat(RecordFrames.KIND_PULL_PAGE).isEqualTo(1);
        assertThat(RecordFrames.KIND_PUSH_BATCH).isEqualTo(2);
        assertThat(RecordFrames.KIND_RECOVER_PAGE).isEqualTo(3);
    }

    @Test
    void wireNamesAreStable() {
        // Renaming a wire name breaks compatibility with deployed peers; this list changes only with a version bump.
        Set<String> names = Arrays.stream(Message.class.getAnnotation(JsonSubTypes.class).value())
                .map(JsonSubTypes.Type::name).collect(Collectors.toSet());
        assertThat(names).containsExactlyInAnyOrder("hello", "refused", "ping", "pong", "error", "pair_challenge",
                "pair_proof", "pair_accepted", "pair_refused", "pair_request", "member_list", "pull_request",
                "watermark_request", "watermark_response", "data_available", "shared_pull_request",
                "shared_pull_page", "shared_ack", "shared_push", "recover_request", "shared_buckets_request", "shared_buckets",
                "shared_reconcile_request", "shared_reconcile_page");
    }

    @Test
    void encodesWithWireNameNotClassName() {
        String json = new String(codec.encode(new Ping(3, 42)), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"type\":\"ping\",\"requestId\":3,\"sentAtMillis\":42}");
        assertThat(json).doesNotContain("Ping").doesNotContain("io.tidemark");
    }

    @Test
    void ignoresUnknownExtraPropertiesForForwardCompatibility() throws Exception {
        Message m = decode("{\"type\":\"ping\",\"requestId\":3,\"sentAtMillis\":42,\"newField\":{\"a\":[1,2]}}");
        assertThat(m).isEqualTo(new Ping(3, 42));
    }

    @Test
    void propertyOrderDoesNotMatter() throws Exception {
        assertThat(decode("{\"sentAtMillis\":42,\"requestId\":3,\"type\":\"ping\"}")).isEqualTo(new Ping(3, 42));
    }

    @Test
    void unknownTypeIsNamed() {
        assertDecodeFails("{\"type\":\"teleport\",\"requestId\":1}", Reason.UNKNOWN_MESSAGE_TYPE)
                .hasMessageContaining("\"teleport\"");
    }

    @Test
    void javaClassNameIsNotAcceptedAsType() {
        assertDecodeFails("{\"type\":\"io.tidemark.engine.protocol.Message$Ping\",\"requestId\":1,"
                + "\"sentAtMillis\":2}", Reason.UNKNOWN_MESSAGE_TYPE);
        assertDecodeFails("{\"type\":\"Ping\",\"requestId\":1,\"sentAtMillis\":2}", Reason.UNKNOWN_MESSAGE_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "{",
        "{\"type\":\"ping\",\"requestId\":1,",
        "not json at all",
        "[\"ping\",{\"requestId\":1,\"sentAtMillis\":2}]",
        "\"ping\"",
        "42",
        "null",
        "{}",
        "{\"requestId\":1,\"sentAtMillis\":2}",
        "{\"type\":null,\"requestId\":1,\"sentAtMillis\":2}",
        "{\"type\":\"ping\",\"requestId\":1,\"sentAtMillis\":2} {}",
        "{\"type\":\"ping\",\"requestId\":1,\"requestId\":2,\"sentAtMillis\":2}",
        "{\"type\":\"ping\",\"type\":\"pong\",\"requestId\":1,\"sentAtMillis\":2}",
    })
    void malformedJson(String json) {
        assertDecodeFails(json, Reason.MALFORMED_MESSAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"ping\",\"requestId\":\"1\",\"sentAtMillis\":2}",
        "{\"type\":\"ping\",\"requestId\":1.5,\"sentAtMillis\":2}",
        "{\"type\":\"ping\",\"requestId\":true,\"sentAtMillis\":2}",
        "{\"type\":\"ping\",\"requestId\":[1],\"sentAtMillis\":2}",
        "{\"type\":\"ping\",\"requestId\":99999999999999999999,\"sentAtMillis\":2}",
        "{\"type\":\"ping\",\"requestId\":1e400,\"sentAtMillis\":2}",
        "{\"type\":\"refused\",\"reason\":42,\"code\":\"x\"}",
        "{\"type\":\"refused\",\"reason\":true,\"code\":\"x\"}",
        "{\"type\":\"refused\",\"reason\":{},\"code\":\"x\"}",
        "{\"type\":\"hello\",\"protocolVersion\":1,\"libraryId\":\"l\",\"deviceId\":\"d\",\"hlc\":\"h\","
                + "\"capabilities\":\"resume\",\"deviceName\":\"n\"}",
        "{\"type\":\"hello\",\"protocolVersion\":1,\"libraryId\":\"l\",\"deviceId\":\"d\",\"hlc\":\"h\","
                + "\"capabilities\":[1],\"deviceName\":\"n\"}",
    })
    void wrongFieldTypes(String json) {
        assertDecodeFails(json, Reason.MALFORMED_MESSAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"ping\",\"requestId\":1}",
        "{\"type\":\"ping\",\"requestId\":null,\"sentAtMillis\":2}",
        "{\"type\":\"refused\",\"code\":\"x\"}",
        "{\"type\":\"refused\",\"reason\":null,\"code\":\"x\"}",
        "{\"type\":\"refused\",\"reason\":\"r\",\"code\":\"  \"}",
        "{\"type\":\"hello\",\"protocolVersion\":1,\"libraryId\":\"l\",\"deviceId\":\"d\",\"hlc\":\"h\","
                + "\"capabilities\":[null],\"deviceName\":\"n\"}",
        "{\"type\":\"hello\",\"protocolVersion\":1,\"libraryId\":\"l\",\"deviceId\":\"d\",\"hlc\":\"h\","
                + "\"deviceName\":\"n\"}",
        "{\"type\":\"pair_challenge\",\"inviteId\":\"i\",\"nonceBase64\":\"not base64!\"}",
        "{\"type\":\"pair_accepted\",\"libraryId\":\"l\",\"libraryName\":\"n\",\"members\":[{\"deviceId\":\"d\"}]}",
    })
    void missingNullOrInvalidFields(String json) {
        assertDecodeFails(json, Reason.MALFORMED_MESSAGE);
    }

    @Test
    void validationFailuresNameTheFieldNotJavaClasses() {
        assertDecodeFails("{\"type\":\"pair_challenge\",\"inviteId\":\"i\",\"nonceBase64\":\"not base64!\"}",
                Reason.MALFORMED_MESSAGE)
                .hasMessageContaining("nonceBase64 is not valid base64")
                .hasMessageNotContaining("io.tidemark");
    }

    /** A log incarnation travels as its 16 hex digits, a string: a JSON number would lose bits in many tools. */
    @Test
    void aLogIncarnationIsWrittenAsItsHexDigits() throws Exception {
        Message.SharedAck ack = new Message.SharedAck(SampleMessages.INCARNATION, 17);
        String json = new String(codec.encode(ack), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"type\":\"shared_ack\",\"incarnation\":\"9e3779b97f4a7c15\",\"seq\":17}");
        assertThat(decode(json)).isEqualTo(ack);
        assertThat(((Message.SharedAck) decode(json)).incarnation().value()).isNegative();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"shared_ack\",\"seq\":3}|incarnation",
        "{\"type\":\"shared_ack\",\"incarnation\":null,\"seq\":3}|incarnation",
        "{\"type\":\"shared_ack\",\"incarnation\":42,\"seq\":3}|incarnation must be a string of 16 hex digits",
        "{\"type\":\"shared_ack\",\"incarnation\":[],\"seq\":3}|incarnation must be a string of 16 hex digits",
        "{\"type\":\"shared_ack\",\"incarnation\":\"xyz\",\"seq\":3}|incarnation: an incarnation is 16 lower-case hex digits",
        "{\"type\":\"shared_ack\",\"incarnation\":\"9E3779B97F4A7C15\",\"seq\":3}|16 lower-case hex digits",
        "{\"type\":\"shared_ack\",\"incarnation\":\"9e3779b97f4a7c1500\",\"seq\":3}|16 lower-case hex digits",
        "{\"type\":\"shared_ack\",\"incarnation\":\"0000000000000000\",\"seq\":3}|incarnation must not be unknown",
        "{\"type\":\"shared_push\",\"afterSeq\":1,\"changes\":[],\"lastSeq\":1}|incarnation",
        "{\"type\":\"shared_pull_page\",\"requestId\":1,\"incarnation\":\"0000000000000000\",\"changes\":[],\"lastSeq\":0,"
                + "\"remaining\":0,\"snapshot\":false,\"snapshotNext\":\"\"}|incarnation must not be unknown",
        "{\"type\":\"shared_pull_request\",\"requestId\":1,\"afterSeq\":0,\"limit\":10,\"requester\":\"r\","
                + "\"snapshotFrom\":\"\"}|incarnation",
        "{\"type\":\"watermark_request\",\"requestId\":1,\"marks\":[],\"sharedIncarnation\":\"-1\",\"sharedSeq\":0}"
                + "|sharedIncarnation: an incarnation is 16 lower-case hex digits",
        "{\"type\":\"watermark_response\",\"requestId\":1,\"yours\":[],\"mine\":[],\"sharedHeadSeq\":5}|sharedIncarnation",
    })
    void aMissingOrMalformedIncarnationIsAClearProtocolError(String jsonAndWords) {
        String[] parts = jsonAndWords.split("\\|");
        assertDecodeFails(parts[0], Reason.MALFORMED_MESSAGE).hasMessageContaining(parts[1]);
    }

    @Test
    void nullBytesAndInvalidUtf8() {
        assertDecodeFails(new byte[] {0, 0, 0, 0}, Reason.MALFORMED_MESSAGE);
        assertDecodeFails(new byte[] {'{', 0, '}'}, Reason.MALFORMED_MESSAGE);
        assertDecodeFails(new byte[] {(byte) 0xC3, (byte) 0x28}, Reason.MALFORMED_MESSAGE)
                .hasMessageContaining("UTF-8");
        // UTF-16 with BOM would be auto-detected by a lenient parser; the wire is UTF-8 only.
        assertDecodeFails("{\"type\":\"ping\",\"requestId\":1,\"sentAtMillis\":2}"
                .getBytes(StandardCharsets.UTF_16), Reason.MALFORMED_MESSAGE);
    }

    @Test
    void deeplyNestedJsonIsRefusedByTheNestingLimit() {
        String deep = "{\"type\":\"ping\",\"requestId\":1,\"sentAtMillis\":2,\"x\":" + "[".repeat(100_000)
                + "]".repeat(100_000) + "}";
        assertDecodeFails(deep, Reason.MALFORMED_MESSAGE).hasMessageContaining("nesting depth");
    }

    @Test
    void overlongStringIsRefused() {
        String big = "{\"type\":\"pair_refused\",\"reason\":\"" + "x".repeat(MessageCodec.MAX_STRING_LENGTH + 1)
                + "\"}";
        assertDecodeFails(big, Reason.MALFORMED_MESSAGE);
        assertThat(codecMessageLength(big)).isLessThan(1000);
    }

    @Test
    void errorMessagesAreBoundedAndSingleLine() throws Exception {
        String garbage = "{\"type\":\"" + "\\n".repeat(5000) + "\"}";
        ProtocolException e = decodeFailure(garbage.getBytes(StandardCharsets.UTF_8));
        assertThat(e.getMessage()).hasSizeLessThan(1000).doesNotContain("\n");
    }

    @Test
    void refusedCarriesReasonCode() throws Exception {
        Refused refused = Refused.of(new ProtocolException(Reason.WRONG_LIBRARY, "wrong library"));
        assertThat(refused.code()).isEqualTo("wrong_library");
        assertThat(ProtocolException.Reason.fromCode(refused.code())).contains(Reason.WRONG_LIBRARY);
        assertThat(ProtocolException.Reason.fromCode("from_the_future")).isEmpty();
        assertThat(decode(new String(codec.encode(refused), StandardCharsets.UTF_8))).isEqualTo(refused);
    }

    @Test
    void helloCompatibilityChecks() throws Exception {
        int current = Message.PROTOCOL_VERSION;
        Hello hello = new Hello(current + 1, "lib-1", "dev-1", "h", List.of(), "n");
        assertThatThrownBy(() -> hello.requireCompatible(current, "lib-1", "desk"))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION))
                .hasMessage("[unsupported_version] n speaks protocol version " + (current + 1) + " and desk speaks version " + current
                        + "; update Tidemark on the older one");
        // Version 1 sent records as JSON; a peer still speaking it is refused, not misread.
        assertThatThrownBy(() -> new Hello(1, "lib-1", "dev-1", "h", List.of(), "n").requireCompatible(current, "lib-1", "desk"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION));
        Hello other = new Hello(current, "lib-2", "dev-1", "h", List.of(), "n");
        assertThatThrownBy(() -> other.requireCompatible(Message.PROTOCOL_VERSION, "lib-1", "desk"))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_LIBRARY))
                .hasMessage("[wrong_library] n offered library lib-2, but desk expected library lib-1");
        assertThatThrownBy(() -> new Hello(current, "lib-2", "dev-1", "h", List.of(), "").requireCompatible(current, "lib-1", "desk"))
                .hasMessage("[wrong_library] device dev-1 offered library lib-2, but desk expected library lib-1");
        new Hello(current, "lib-1", "dev-1", "h", List.of(), "n").requireCompatible(current, "lib-1", "desk");
    }

    @Test
    void listsAreImmutableCopies() {
        List<String> caps = new java.util.ArrayList<>(List.of("a"));
        Hello hello = new Hello(1, "l", "d", "h", caps, "n");
        caps.add("b");
        assertThat(hello.capabilities()).containsExactly("a");
        assertThatThrownBy(() -> hello.capabilities().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void reasonCodesAreLowerCase() {
        for (Reason r : Reason.values()) {
            assertThat(r.code()).isEqualTo(r.name().toLowerCase(Locale.ROOT));
        }
    }

    private int codecMessageLength(String json) {
        return decodeFailure(json.getBytes(StandardCharsets.UTF_8)).getMessage().length();
    }

    private ProtocolException decodeFailure(byte[] bytes) {
        try {
            codec.decode(bytes);
        } catch (ProtocolException e) {
            return e;
        }
        throw new AssertionError("decode unexpectedly succeeded");
    }

    private Message decode(String json) throws ProtocolException {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertDecodeFails(String json, Reason reason) {
        return assertDecodeFails(json.getBytes(StandardCharsets.UTF_8), reason);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertDecodeFails(byte[] bytes, Reason reason) {
        return assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
