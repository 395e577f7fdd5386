package io.tidemark.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.Ids;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.Peer;
import io.tidemark.engine.store.sync.SyncStore;
import io.tidemark.engine.store.sync.Trust;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a member list may write: only records that belong to the device named, set by that device or first by its introducer. */
class MemberListTest {

    @TempDir
    Path dir;

    private LibraryStore library;
    private SyncStore sync;
    private StorePeerDirectory directory;
    private DeviceId desk;
    private DeviceId vm;

    @BeforeEach
    void open() {
        UUID self = Ids.newId();
        library = LibraryStore.create(dir.resolve("library.db"), "Test", new DeviceRecord(self, self, 0, "laptop", "Linux", "t", null),
                HybridLogicalClock.system());
        sync = SyncStore.open(dir.resolve("sync.db"), library.identity().libraryId(), self, true);
        directory = new StorePeerDirectory(library, sync, device());
        desk = device();
        vm = device();
        sync.peers().upsert(new Peer(desk.bytes(), "desk", List.of(), Trust.MEMBER, null));
        directory.learn(List.of(entry(desk, "desk", 5)), desk);
    }

    @AfterEach
    void close() {
        sync.close();
        library.close();
    }

    private static DeviceId device() {
        byte[] id = new byte[DeviceId.LENGTH];
        new SecureRandom().nextBytes(id);
        return new DeviceId(id);
    }

    private static Message.Member entry(DeviceId id, String name, long stamp) {
        return entry(id, Ids.fromDigest(id.bytes()), name, stamp);
    }

    private static Message.Member entry(DeviceId id, UUID uuid, String name, long stamp) {
        return new Message.Member(id.toString(), uuid.toString(), stamp, name, "Linux", "1.0", List.of("127.0.0.1:1"));
    }

    private String recordName(DeviceId id) {
        UUID uuid = Ids.fromDigest(id.bytes());
        return library.devices().stream().filter(d -> d.uuid().equals(uuid)).map(DeviceRecord::name).findFirst().orElse(null);
    }

    private List<String> events(String kind) {
        return sync.events().recent(50).stream().filter(e -> e.event().kind().equals(kind)).map(e -> e.event().message()).toList();
    }

    @Test
    void anIntroductionSaysWhoIntroducedWhomAndSetsTheFirstRecord() {
        assertThat(directory.learn(List.of(entry(vm, "vm", 7)), desk)).isTrue();
        assertThat(directory.trustOf(vm)).isEqualTo(io.tidemark.engine.transport.PeerDirectory.Trust.MEMBER);
        assertThat(recordName(vm)).isEqualTo("vm");
        assertThat(events("peer.introduced")).containsExactly("desk introduced vm");
    }

    @Test
    void anotherMemberCannotRewriteADeviceRecordButTheDeviceItselfCan() {
        directory.learn(List.of(entry(vm, "vm", 7)), desk);
        directory.learn(List.of(entry(vm, "renamed by desk", 9)), desk);
        assertThat(recordName(vm)).as("desk is not vm's owner").isEqualTo("vm");
        directory.learn(List.of(entry(vm, "vm-2", 9)), vm);
        assertThat(recordName(vm)).isEqualTo("vm-2");
    }

    @Test
    void anEntryWhoseRecordIdDoesNotFollowFromItsDeviceIsRefusedWhole() {
        UUID planted = Ids.newId();
        assertThat(directory.learn(List.of(entry(vm, planted, "vm", 7)), desk)).isFalse();
        assertThat(directory.trustOf(vm)).isEqualTo(io.tidemark.engine.transport.PeerDirectory.Trust.UNKNOWN);
        assertThat(library.devices()).noneMatch(d -> d.uuid().equals(planted));
        assertThat(events("peer.refused")).containsExactly(
                "Ignored a member entry from desk: the record it carries for vm does not belong to that device");
    }
}
