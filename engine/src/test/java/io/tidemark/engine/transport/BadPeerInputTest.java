package io.tidemark.engine.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.engine.api.Engine;
import io.tidemark.engine.api.Home;
import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.identity.DeviceIdentity;
import io.tidemark.engine.model.RecordCount;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.protocol.ProtocolException;
import io.tidemark.engine.store.sync.Peer;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything a hostile or broken peer can send: each case gets a clear reason (sent back where the
 * peer can read it, and in the event history), a closed connection, and no change to any state.
 */
class BadPeerInputTest {

    static final PeerService.Timing SHORT = new PeerService.Timing(Duration.ofSeconds(1), Duration.ofMillis(300),
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500));

    @TempDir
    Path dir;

    private Engine alpha;
    private DeviceIdentity member;
    private final List<Engine> engines = new ArrayList<>();
    private List<Peer> peersBefore;
    private List<RecordCount> countsBefore;
    private long eventsBefore;

    @BeforeEach
    void pairAMember() throws Exception {
        alpha = start("alpha");
        Engine bravo = start("bravo");
        bravo.join(alpha.invite().code(), null).get();
        await().atMost(Duration.ofSeconds(20)).until(() -> alpha.refreshSnapshot().peers().size() == 1);
        member = bravo.deviceIdentity();
        bravo.close(); // from here on its key speaks through raw, hand-made connections
        engines.remove(bravo);
        await().atMost(Duration.ofSeconds(20)).until(() -> alpha.refreshSnapshot().peers().get(0).state().name().equals("OFFLINE"));
        peersBefore = alpha.sync().peers().list();
        countsBefore = alpha.library().counts();
        eventsBefore = alpha.sync().events().lastId();
    }

    private Engine start(String name) throws Exception {
        Engine e = Engine.init(new Home(dir.resolve(name)), name, name + "'s library");
        e.startNetwork(new Engine.NetworkOptions(new InetSocketAddress("127.0.0.1", 0), false, Set.of(), SHORT));
        engines.add(e);
        return e;
    }

    @AfterEach
    void closeAll() {
        engines.forEach(Engine::close);
    }

    private void assertNothingChangedAndEvent(String messagePart) {
        await().atMost(Duration.ofSeconds(10)).until(() -> alpha.sync().events().since(eventsBefore).stream()
                .anyMatch(e -> e.event().kind().equals("peer.refused") && e.event().message().contains(messagePart)));
        // Membership, names and addresses are untouched (a member that said a valid Hello was "seen", that is all).
        assertThat(alpha.sync().peers().list()).extracting(BadPeerInputTest::withoutLastSeen)
                .isEqualTo(peersBefore.stream().map(BadPeerInputTest::withoutLastSeen).toList());
        assertThat(alpha.library().counts()).isEqualTo(countsBefore);
    }

    private static Peer withoutLastSeen(Peer p) {
        return new Peer(p.deviceId(), p.name(), p.addresses(), p.trust(), null);
    }

    /** A TLS connection to alpha with {@code identity}'s certificate. */
    private PeerLink dial(DeviceIdentity identity) throws Exception {
        SSLSocket socket = (SSLSocket) Tls.client(identity, alpha.deviceIdentity().deviceId()).getSocketFactory()
                .createSocket("127.0.0.1", alpha.peerPort());
        Tls.restrict(socket);
        socket.setSoTimeout(5_000);
        socket.startHandshake();
        return new PeerLink(socket, alpha.deviceIdentity().deviceId(), true);
    }

    /** Reads what alpha says until it closes, returning its Refused (if any). */
    private static Optional<Message.Refused> refusal(PeerLink link) {
        try {
            while (true) {
                Optional<Message> m = link.receive();
                if (m.isEmpty()) {
                    return Optional.empty();
                }
                if (m.get() instanceof Message.Refused r) {
                    assertThat(link.receive()).as("alpha closes after refusing").isEmpty();
                    return Optional.of(r);
                }
            }
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private Message.Hello hello(int version, String library, DeviceId device, HlcTimestamp hlc) {
        return new Message.Hello(version, library, device.toString(), hlc.toString(), List.of(), "raw");
    }

    private Message.Hello goodHello() {
        return hello(Message.PROTOCOL_VERSION, alpha.identity().libraryId().toString(), member.deviceId(),
                HlcTimestamp.fromPacked(alpha.library().clock().last().packed()));
    }

    @Test
    void wrongLibraryIsRefused() throws Exception {
        try (PeerLink link = dial(member)) {
            link.send(hello(Message.PROTOCOL_VERSION, UUID.randomUUID().toString(), member.deviceId(), alpha.library().clock().last()));
            assertThat(refusal(link)).map(Message.Refused::code).contains(ProtocolException.Reason.WRONG_LIBRARY.code());
        }
        assertNothingChangedAndEvent("library");
    }

    @Test
    void wrongProtocolVersionIsRefused() throws Exception {
        try (PeerLink link = dial(member)) {
            link.send(hello(99, alpha.identity().libraryId().toString(), member.deviceId(), alpha.library().clock().last()));
            assertThat(refusal(link)).map(Message.Refused::code).contains(ProtocolException.Reason.UNSUPPORTED_VERSION.code());
        }
        assertNothingChangedAndEvent("version");
    }

    /**
     * A member whose stamps ran an hour ahead (its clock once did, and it persisted them) is not
     * refused: its stamp is merged, as a hybrid logical clock does, and it connects.
     */
    @Test
    void aHelloStampedAnHourAheadIsMergedAndTheMemberConnects() throws Exception {
        HlcTimestamp anHourAhead = new HlcTimestamp(System.currentTimeMillis() + 3_600_000, 5);
        try (PeerLink link = dial(member)) {
            link.send(hello(Message.PROTOCOL_VERSION, alpha.identity().libraryId().toString(), member.deviceId(), anHourAhead));
            assertThat(link.receive()).get().isInstanceOf(Message.Hello.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> alpha.refreshSnapshot().peers().get(0).state().name().equals("CONNECTED"));
        }
        assertThat(alpha.library().clock().last()).isGreaterThan(anHourAhead);
        assertThat(alpha.sync().events().since(eventsBefore)).extracting(e -> e.event().kind())
                .doesNotContain("peer.refused", "clock.implausible");
    }

    /** A stamp more than a year ahead is corrupt: it is not merged, and that is said; the member still connects. */
    @Test
    void aHelloStampedMoreThanAYearAheadIsNotMergedButTheMemberConnects() throws Exception {
        HlcTimestamp inTwoYears = new HlcTimestamp(System.currentTimeMillis() + 2 * 365 * 86_400_000L, 0);
        try (PeerLink link = dial(member)) {
            link.send(hello(Message.PROTOCOL_VERSION, alpha.identity().libraryId().toString(), member.deviceId(), inTwoYears));
            assertThat(link.receive()).get().isInstanceOf(Message.Hello.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> alpha.refreshSnapshot().peers().get(0).state().name().equals("CONNECTED"));
        }
        assertThat(alpha.library().clock().last().physicalMillis()).isLessThan(System.currentTimeMillis() + 60_000);
        assertThat(alpha.sync().events().since(eventsBefore)).filteredOn(e -> e.event().kind().equals("clock.implausible"))
                .singleElement().satisfies(e -> assertThat(e.event().message())
                        .startsWith("Did not take bravo's clock: a stamp of " + inTwoYears + " is 730 days ahead of this device's clock")
                        .endsWith("Sync with bravo goes on; if bravo shows a wrong year, set its time automatically (NTP)"));
        assertThat(alpha.sync().events().since(eventsBefore)).extracting(e -> e.event().kind()).doesNotContain("peer.refused");
    }

    @Test
    void anUnpairedCertificateIsRefused() throws Exception {
        DeviceIdentity stranger = DeviceIdentity.loadOrCreate(dir.resolve("stranger"));
        try (PeerLink link = dial(stranger)) {
            link.send(hello(Message.PROTOCOL_VERSION, alpha.identity().libraryId().toString(), stranger.deviceId(),
                    alpha.library().clock().last()));
            assertThat(refusal(link)).map(Message.Refused::code).contains(ProtocolException.Reason.UNPAIRED_CERTIFICATE.code());
        }
        assertNothingChangedAndEvent("not a member");
    }

    @Test
    void aHelloNamingAnotherDeviceIsRefused() throws Exception {
        try (PeerLink link = dial(member)) {
            link.send(hello(Message.PROTOCOL_VERSION, alpha.identity().libraryId().toString(), alpha.deviceIdentity().deviceId(),
                    alpha.library().clock().last()));
            assertThat(refusal(link)).map(Message.Refused::code).contains(ProtocolException.Reason.UNPAIRED_CERTIFICATE.code());
        }
        assertNothingChangedAndEvent("but the certificate is");
    }

    /** Raw bytes on an authenticated member connection, after a valid Hello. */
    private Optional<Message.Refused> sendRawAfterHello(byte[] raw, boolean closeOutput) throws Exception {
        try (PeerLink link = dial(member)) {
            link.send(goodHello());
            OutputStream out = rawOut(link);
            out.write(raw);
            out.flush();
            return refusal(link);
        }
    }

    private static OutputStream rawOut(PeerLink link) throws Exception {
        java.lang.reflect.Field f = PeerLink.class.getDeclaredField("out");
        f.setAccessible(true);
        return (OutputStream) f.get(link);
    }

    private static byte[] frame(byte[] payload, int declared) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        data.writeInt(declared);
        data.write(payload);
        return bytes.toByteArray();
    }

    @Test
    void malformedMessageIsRefused() throws Exception {
        byte[] junk = "{\"type\":\"ping\",\"requestId\":\"x\"".getBytes(StandardCharsets.UTF_8);
        assertThat(sendRawAfterHello(frame(junk, junk.length), false)).map(Message.Refused::code)
                .contains(ProtocolException.Reason.MALFORMED_MESSAGE.code());
        assertNothingChangedAndEvent("malformed_message");
    }

    @Test
    void unknownMessageTypeIsRefused() throws Exception {
        byte[] json = "{\"type\":\"teleport\",\"to\":\"mars\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(sendRawAfterHello(frame(json, json.length), false)).map(Message.Refused::code)
                .contains(ProtocolException.Reason.UNKNOWN_MESSAGE_TYPE.code());
        assertNothingChangedAndEvent("teleport");
    }

    @Test
    void oversizedFrameIsRefusedWithoutReadingIt() throws Exception {
        assertThat(sendRawAfterHello(frame(new byte[16], 200 * 1024 * 1024), false)).map(Message.Refused::code)
                .contains(ProtocolException.Reason.OVERSIZED_FRAME.code());
        assertNothingChangedAndEvent("limit");
    }

    @Test
    void truncatedFrameIsRefused() throws Exception {
        try (PeerLink link = dial(member)) {
            link.send(goodHello());
            OutputStream out = rawOut(link);
            out.write(frame(new byte[10], 100));
            out.flush();
            // The rest never comes: alpha gives up when the idle limit passes and says why.
            assertThat(refusal(link)).isEmpty();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> alpha.sync().events().since(eventsBefore).stream()
                .anyMatch(e -> e.event().kind().equals("peer.disconnected")));
        assertThat(alpha.sync().peers().list()).extracting(BadPeerInputTest::withoutLastSeen)
                .isEqualTo(peersBefore.stream().map(BadPeerInputTest::withoutLastSeen).toList());
        assertThat(alpha.library().counts()).isEqualTo(countsBefore);
    }

    @Test
    void aPlainTcpClientIsRefused() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", alpha.peerPort()));
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // drain until alpha closes
            }
        }
        assertNothingChangedAndEvent("not a Tidemark peer?");
    }

    @Test
    void aClientThatNeverFinishesTheHandshakeIsCutOff() throws Exception {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", alpha.peerPort()));
            socket.setSoTimeout(10_000);
            // alpha closes the silent connection (possibly after a TLS alert record).
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
        assertNothingChangedAndEvent("did not finish the TLS handshake");
    }

    @Test
    void theMemberStillConnectsNormallyAfterAllThat() throws Exception {
        try (PeerLink link = dial(member)) {
            link.send(goodHello());
            Optional<Message> first = link.receive();
            assertThat(first).get().isInstanceOf(Message.Hello.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> alpha.refreshSnapshot().peers().get(0).state().name().equals("CONNECTED"));
        }
    }
}
