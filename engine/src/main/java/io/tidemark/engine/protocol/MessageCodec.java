package io.tidemark.engine.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.tidemark.engine.model.LogIncarnation;
import io.tidemark.engine.protocol.ProtocolException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns {@link Message}s into UTF-8 JSON payloads and back (and the two bulk record messages into
 * {@link RecordFrames}' binary form; the first byte of a payload tells which).
 *
 * <p>Why JSON via Jackson: it is debuggable with any tool, already a dependency, and fast enough for control traffic
 * (file content moves in frames whose size {@link FrameCodec} bounds). The mapper is configured strictly, because the
 * input comes from the network:
 * <ul>
 *   <li>the payload must be strict UTF-8 holding exactly one JSON object (no UTF-16/32 auto-detection, no trailing
 *       tokens, no duplicate keys, no array-wrapped type ids);</li>
 *   <li>no scalar coercion ({@code "5"} is not a number, {@code 5} is not a string, {@code 1.5} is not a long);</li>
 *   <li>every record component is required and non-null; unknown extra properties are ignored so newer peers may add
 *       fields;</li>
 *   <li>nesting depth, string and number lengths are capped via {@link StreamReadConstraints}.</li>
 * </ul>
 * Every failure becomes a {@link ProtocolException}: {@link Reason#UNKNOWN_MESSAGE_TYPE} naming the type, or
 * {@link Reason#MALFORMED_MESSAGE}. No Jackson exception escapes {@link #decode(byte[])}.
 *
 * <p>Instances are immutable and thread-safe; share one per process.
 */
public final class MessageCodec {
    /** Deepest JSON nesting accepted; real messages nest three levels. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Longest JSON string accepted, in characters. */
    public static final int MAX_STRING_LENGTH = 1024 * 1024;
    /** Longest JSON number accepted, in characters; a long has at most 20. */
    public static final int MAX_NUMBER_LENGTH = 32;

    private final ObjectMapper mapper;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    public MessageCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        mapper = JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(typedIds())
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        reader = mapper.readerFor(Message.class);
        writer = mapper.writerFor(Message.class);
    }

    /**
     * Ids that messages carry as typed values, not text, so a malformed one fails here, at decode,
     * as a protocol error naming the field, rather than deep in whatever uses it. The model stays
     * free of Jackson: the wire form is defined here.
     */
    private static SimpleModule typedIds() {
        SimpleModule module = new SimpleModule("tidemark-typed-ids");
        module.addSerializer(LogIncarnation.class, new StdSerializer<>(LogIncarnation.class) {
            @Override
            public void serialize(LogIncarnation value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.text());
            }
        });
        module.addDeserializer(LogIncarnation.class, new StdDeserializer<>(LogIncarnation.class) {
            @Override
            public LogIncarnation deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String field = p.currentName() == null ? "incarnation" : p.currentName();
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    throw new InvalidFormatException(p, field + " must be a string of 16 hex digits, got " + p.currentToken(),
                            null, LogIncarnation.class);
                }
                String text = p.getText();
                try {
                    return LogIncarnation.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new InvalidFormatException(p, field + ": " + e.getMessage(), text, LogIncarnation.class);
                }
            }
        });
        return module;
    }

    /**
     * Encodes a message as a UTF-8 JSON object with its wire name in {@code "type"}, or, for the two
     * messages that carry records in bulk, in {@link RecordFrames}' binary form.
     */
    public byte[] encode(Message message) {
        Objects.requireNonNull(message, "message");
        if (RecordFrames.handles(message)) {
            return RecordFrames.encode(message);
        }
        try {
            return writer.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            // Records of strings, numbers and lists always serialise; reaching this is a programming error.
            throw new IllegalStateException("Could not encode " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes one frame payload.
     *
     * @throws ProtocolException {@link Reason#UNKNOWN_MESSAGE_TYPE} or {@link Reason#MALFORMED_MESSAGE}
     */
    public Message decode(byte[] payload) throws ProtocolException {
        Objects.requireNonNull(payload, "payload");
        if (RecordFrames.isBinary(payload)) {
            return RecordFrames.decode(payload);
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(Reason.MALFORMED_MESSAGE, "Message of " + payload.length
                    + " bytes is not valid UTF-8", e);
        }
        try (JsonParser parser = mapper.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException(Reason.MALFORMED_MESSAGE, "Message is not a JSON object: " + excerpt(json));
            }
            return reader.readValue(parser);
        } catch (InvalidTypeIdException e) {
            if (e.getTypeId() == null) {
                throw new ProtocolException(Reason.MALFORMED_MESSAGE, "Message has no \"type\" property: "
                        + excerpt(json), e);
            }
            throw new ProtocolException(Reason.UNKNOWN_MESSAGE_TYPE, "Unknown message type \""
                    + excerpt(e.getTypeId()) + "\" (not one of protocol version " + Message.PROTOCOL_VERSION + ")", e);
        } catch (IOException | RuntimeException e) {
            // IOException covers every Jackson parse/mapping failure; RuntimeException covers validation thrown by
            // record constructors should a Jackson version ever pass it through unwrapped. Input from the network
            // must never escape as anything but a ProtocolException.
            throw new ProtocolException(Reason.MALFORMED_MESSAGE, "Malformed message: " + describe(e), e);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null && e.getCause().getMessage() != null) {
            // A record constructor refused a value; its message names the field without Java class names.
            return excerpt("invalid value, " + e.getCause().getMessage());
        }
        String text = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (root != e && root.getMessage() != null) {
            text = text + " (" + root.getMessage() + ")";
        }
        return excerpt(String.valueOf(text));
    }

    /** Keeps log lines bounded and single-line even when a peer sends megabytes of garbage. */
    private static String excerpt(String text) {
        String head = text.length() <= 200 ? text : text.substring(0, 200) + "...";
        return head.replaceAll("\\p{Cntrl}", "?");
    }
}
