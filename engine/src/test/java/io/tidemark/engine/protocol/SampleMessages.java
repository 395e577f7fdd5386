package io.tidemark.engine.protocol;

import io.tidemark.engine.protocol.Message.ErrorMessage;
import io.tidemark.engine.protocol.Message.Hello;
import io.tidemark.engine.protocol.Message.MemberSummary;
import io.tidemark.engine.protocol.Message.PairAccepted;
import io.tidemark.engine.protocol.Message.PairChallenge;
import io.tidemark.engine.protocol.Message.PairProof;
import io.tidemark.engine.protocol.Message.PairRefused;
import io.tidemark.engine.protocol.Message.Ping;
import io.tidemark.engine.protocol.Message.Pong;
import io.tidemark.engine.protocol.Message.Refused;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.EntryKind;
import io.tidemark.engine.model.EntryRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.VersionSet;
import io.tidemark.engine.model.LocationRecord;
import io.tidemark.engine.model.LogIncarnation;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.Tombstone;
import io.tidemark.engine.model.VolumeRecord;
import java.util.List;
import java.util.UUID;

/** One representative instance of every message type, shared by the codec and fuzz tests. */
final class SampleMessages {
    private SampleMessages() {}

    static final UUID OWNER = UUID.fromString("0190a1b2-0000-7000-8000-000000000001");
    /** A log incarnation whose high bit is set: its text form must not be read as a negative number. */
    static final LogIncarnation INCARNATION = LogIncarnation.parse("9e3779b97f4a7c15");

    static UUID id(int n) {
        return new UUID(0x0190a1b2_0000_7000L, 0x8000_0000_0000_0000L | n);
    }

    static List<Message> all() {
        return List.of(
                new Hello(Message.PROTOCOL_VERSION, "lib-7f3a", "dev-a1", "0000018f3a2b4c5d-0003-dev-a1",
                        List.of("resume", "zstd"), "Ana's laptop"),
                new Hello(Message.PROTOCOL_VERSION, "lib-7f3a", "dev-b2", "0000018f3a2b4c5d-0000-dev-b2",
                        List.of(), ""),
                new Refused("Device dev-b2 offered library lib-x", "wrong_library"),
                new Ping(1, 1_717_000_000_000L),
                new Pong(1, 1_717_000_000_000L, 1_717_000_000_012L, 1_717_000_000_013L),
                new ErrorMessage(4, "malformed_message", "Malformed message: ünïcødé \u0000 \"quoted\""),
                new PairChallenge("inv-42", "q83vEjRWeJA="),
                new PairProof("inv-42", "3q2+7w==", "Ben's phone", "Android 14"),
                new PairAccepted("lib-7f3a", "Family photos", List.of(
                        new MemberSummary("dev-a1", "Ana's laptop", "ab12cd34ef56"),
                        new MemberSummary("dev-c3", "Desktop", "9f8e7d6c5b4a"))),
                new PairRefused("Invite inv-42 has expired"),
                new Message.PairRequest("inv-42"),
                new Message.MemberList(List.of(
                        new Message.Member("dev-a1", "0190a1b2-0000-7000-8000-000000000001", 42, "Ana's laptop", "Linux", "0.1",
                                List.of("192.168.1.20:22100")),
                        new Message.Member("dev-c3", "0190a1b2-0000-7000-8000-000000000003", 7, "Desktop", "Windows 11", "0.1",
                                List.of()))),
                new Message.PullRequest(9, "0190a1b2-0000-7000-8000-000000000001", "entry", 123_456_789L,
                        "0190a1b2-0000-7000-8000-00000000000a", 10_000, true),
                new Message.PullPage(9, OWNER.toString(), "entry", List.of(
                        new EntryRecord(id(0x10), OWNER, 123_456_790L, id(0x20), null, "a.jpg", EntryKind.FILE, 1_234, 1_717_000_000_000L,
                                id(0x30)),
                        new EntryRecord(id(0x11), OWNER, 123_456_791L, id(0x20), id(0x10), "ünïcødé ✓ 𝄞", EntryKind.DIRECTORY, 0, -5L,
                                null)),
                        List.of(new Tombstone(ResourceType.ENTRY, id(0x0b), OWNER, 123_456_792L)), 41),
                new Message.PullPage(10, OWNER.toString(), "location", List.of(
                        new LocationRecord(id(0x20), OWNER, 7L, id(0x40), "/home/ana/Pictures", "Pictures"),
                        new LocationRecord(id(0x21), OWNER, 8L, null, "C:\\Users\\Ana", "Ana")), List.of(), -1),
                new Message.PullPage(11, OWNER.toString(), "volume", List.of(
                        new VolumeRecord(id(0x40), OWNER, 3L, "disk", "/", "ext4", Long.MAX_VALUE),
                        new VolumeRecord(id(0x41), OWNER, 4L, "usb", "/media/usb", null, 0)), List.of(), 0),
                new Message.PullPage(12, OWNER.toString(), "device", List.of(
                        new DeviceRecord(OWNER, OWNER, 1L, "Ana's laptop", "Linux", "0.1", new byte[] {1, 2, 3}),
                        new DeviceRecord(id(0x50), OWNER, 2L, "", null, null, null)), List.of(), 0),
                new Message.WatermarkRequest(10, List.of(new Message.Mark("0190a1b2-0000-7000-8000-000000000001", "entry",
                        123_456_789L, "0190a1b2-0000-7000-8000-00000000000a", 12_000, 31, -7_123_456_789L, 12_031)), INCARNATION, 5),
                new Message.WatermarkRequest(15, List.of(), LogIncarnation.UNKNOWN, 0),
                new Message.RecoverRequest(13, OWNER.toString(), "entry", 123_456_792L, id(0x0b).toString(), 0,
                        Ids.MIN.toString(), 10_000, false, java.util.Base64.getEncoder().encodeToString(
                                VersionSet.builder().add(1).add(2).add(5).build().toBytes())),
                new Message.RecoverRequest(14, OWNER.toString(), "location", 8L, id(0x21).toString(), 7L, id(0x20).toString(), 0, true, ""),
                new Message.RecoverPage(13, OWNER.toString(), "entry", List.of(
                        new EntryRecord(id(0x10), OWNER, 123_456_790L, id(0x20), null, "a.jpg", EntryKind.FILE, 1_234, 1_717_000_000_000L,
                                id(0x30), 3)),
                        List.of(new Tombstone(ResourceType.ENTRY, id(0x0b), OWNER, 123_456_792L, 4)), 123_456_792L, id(0x0b), true,
                        123_456_792L, id(0x0b), 2, 180, VersionSet.builder().add(5).build().toBytes()),
                new Message.RecoverPage(14, OWNER.toString(), "location", List.of(), List.of(), 7L, id(0x20), false, 8L, id(0x21),
                        0, 0, new byte[0]),
                new Message.WatermarkResponse(10, List.of(), List.of(new Message.Mark(Message.Mark.SHARED_OWNER, "tag", 99L,
                        "00000000-0000-0000-0000-000000000000", 3)), INCARNATION, 17),
                new Message.DataAvailable("indexed 12000 entries"),
                new Message.PushBatch(OWNER.toString(), "entry", 5L, "0190a1b2-0000-7000-8000-00000000000a", List.of(), List.of()),
                new Message.PushBatch(OWNER.toString(), "entry", 5L, "0190a1b2-0000-7000-8000-00000000000a",
                        List.of(new EntryRecord(id(0x12), OWNER, 6L, id(0x20), id(0x10), "b.txt", EntryKind.SYMLINK, 3, 4, null)),
                        List.of(new Tombstone(ResourceType.ENTRY, id(0x13), OWNER, 7L))),
                new Message.SharedPullRequest(11, INCARNATION, 16, 1_000, "0190a1b2-0000-7000-8000-000000000002", ""),
                new Message.SharedPullRequest(13, LogIncarnation.UNKNOWN, 16, 1_000, "0190a1b2-0000-7000-8000-000000000002", ""),
                new Message.SharedPullRequest(12, INCARNATION, 17, 1_000, "0190a1b2-0000-7000-8000-000000000002",
                        "tag:0190a1b2-0000-7000-8000-0000000000cc"),
                new Message.SharedPullPage(11, INCARNATION, List.of(new Message.SharedChange("2026-11-23T07:00:00.000Z-0001",
                        "0190a1b2-0000-7000-8000-000000000001", "tag", "0190a1b2-0000-7000-8000-0000000000cc", "put",
                        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("name", "red"))), 17, 0, false, ""),
                new Message.SharedPullPage(12, new LogIncarnation(1), List.of(new Message.SharedChange("2026-11-23T07:00:00.000Z-0002",
                        "0190a1b2-0000-7000-8000-000000000001", "tag", "0190a1b2-0000-7000-8000-0000000000cd", "delete",
                        com.fasterxml.jackson.databind.node.NullNode.getInstance())), 17, 4, true, "deleted:5:0190a1b2-0000-7000-8000-0000000000cd"),
                new Message.SharedPush(INCARNATION, 17, List.of(), 18),
                new Message.SharedAck(INCARNATION, 17),
                new Message.SharedBucketsRequest(20, "tag", 3),
                new Message.SharedBuckets(20, "tag", 0, java.util.Base64.getEncoder().encodeToString(new byte[16])),
                new Message.SharedReconcileRequest(21, "collection", 2, List.of(0, 3), "", false),
                new Message.SharedReconcilePage(21, "collection", List.of(new Message.SharedChange("2026-11-23T07:00:00.000Z-0002",
                        "0190a1b2-0000-7000-8000-000000000001", "collection", "0190a1b2-0000-7000-8000-0000000000ce", "delete",
                        com.fasterxml.jackson.databind.node.NullNode.getInstance())), 1, 180, 2));
    }
}
