package io.tidemark.engine.sync;

import io.tidemark.engine.clock.HybridLogicalClock;
import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.model.DeviceRecord;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.SharedVersion;
import io.tidemark.engine.model.TagRecord;
import io.tidemark.engine.protocol.Message;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.library.Tables;
import io.tidemark.engine.store.sync.Peer;
import io.tidemark.engine.store.sync.SyncSchema;
import io.tidemark.engine.store.sync.SyncStore;
import io.tidemark.engine.store.sync.Trust;
import io.tidemark.engine.testing.MutableClock;
import io.tidemark.engine.transport.PeerChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/** One device for shared-log tests: its library.db and sync.db in a folder, on a clock the test moves. */
final class SharedDevice implements AutoCloseable {
    final String name;
    final DeviceId id;
    final LibraryStore library;
    final SyncStore sync;
    final SharedLogSync shared;
    final Path home;
    private final MutableClock wall;
    private final int pageSize;

    SharedDevice(Path dir, String name, UUID uuid, MutableClock wall, int pageSize) throws Exception {
        this(name, Files.createDirectories(dir.resolve(name)), wall, pageSize, home -> LibraryStore.create(home.resolve("library.db"),
                "shared test", new DeviceRecord(uuid, uuid, 0, name, "Linux", "test", null), clock(wall)));
    }

    private SharedDevice(String name, Path home, MutableClock wall, int pageSize, java.util.function.Function<Path, LibraryStore> library) {
        this.name = name;
        byte[] idBytes = new byte[DeviceId.LENGTH];
        Arrays.fill(idBytes, (byte) name.hashCode());
        this.id = new DeviceId(idBytes);
        this.home = home;
        this.wall = wall;
        this.pageSize = pageSize;
        this.library = library.apply(home);
        UUID uuid = this.library.identity().deviceId();
        this.sync = SyncStore.open(home.resolve(SyncSchema.FILE_NAME), this.library.identity().libraryId(), uuid, true, wall);
        this.shared = new SharedLogSync(this.library, sync, wall, SharedLogSync.DEFAULT_RETENTION, pageSize, Duration.ofSeconds(5));
    }

    private static HybridLogicalClock clock(MutableClock wall) {
        return new HybridLogicalClock(wall::millis, HybridLogicalClock.DEFAULT_MAX_DRIFT);
    }

    /** This device closed and opened again from its files, as a restart would; the caller closes the new one. */
    SharedDevice reopen() {
        close();
        return new SharedDevice(name, home, wall, pageSize, h -> LibraryStore.open(h.resolve("library.db"), clock(wall)));
    }

    Path syncDb() {
        return home.resolve(SyncSchema.FILE_NAME);
    }

    /** Makes {@code other} a member here, as pairing would. */
    void trusts(SharedDevice other) {
        sync.peers().upsert(new Peer(other.id.bytes(), other.name, List.of(), Trust.MEMBER, null));
    }

    UUID uuid() {
        return library.identity().deviceId();
    }

    UUID addTag(String name) {
        UUID tag = io.tidemark.engine.model.Ids.newId();
        library.writeLocal(tx -> {
            tx.putShared(new TagRecord(tag, 0, name, null));
            return null;
        });
        return tag;
    }

    void renameTag(UUID tag, String name) {
        library.writeLocal(tx -> {
            tx.putShared(new TagRecord(tag, 0, name, null));
            return null;
        });
    }

    void deleteTag(UUID tag) {
        library.writeLocal(tx -> {
            tx.delete(ResourceType.TAG, tag);
            return null;
        });
    }

    /** Every tag row with the device that wrote it, in uuid order. */
    List<SharedVersion> tags() {
        List<SharedVersion> all = library.read(c -> Tables.TAGS.versions(c, null, 10_000));
        return all;
    }

    List<String> tagNames() {
        return tags().stream().map(v -> ((TagRecord) v.record()).name()).sorted().toList();
    }

    /** A channel from this device to {@code server}, answered in memory by its {@link SharedLogSync}. */
    Loopback channelTo(SharedDevice server) {
        return new Loopback(this, server);
    }

    @Override
    public void close() {
        sync.close();
        library.close();
    }

    /** An in-memory {@link PeerChannel}: requests go straight to the server's serve, acks to its acked. */
    static final class Loopback implements PeerChannel {
        private final SharedDevice client;
        private final SharedDevice server;
        private final AtomicLong ids = new AtomicLong();
        final AtomicInteger requests = new AtomicInteger();
        final List<Message.Notice> offered = new ArrayList<>();
        /** Rewrites each page before the client sees it: for tests of misbehaving peers. */
        volatile java.util.function.UnaryOperator<Message.SharedPullPage> tamper = p -> p;

        Loopback(SharedDevice client, SharedDevice server) {
            this.client = client;
            this.server = server;
        }

        @Override
        public DeviceId peer() {
            return server.id;
        }

        @Override
        public <R extends Message.Response> CompletableFuture<R> request(LongFunction<? extends Message.Request> build, Class<R> type,
                                                                        Duration timeout) {
            requests.incrementAndGet();
            try {
                Message.SharedPullRequest request = (Message.SharedPullRequest) build.apply(ids.incrementAndGet());
                return CompletableFuture.completedFuture(type.cast(tamper.apply(server.shared.serve(client.id, request))));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public synchronized boolean offer(Message.Notice notice) {
            offered.add(notice);
            if (notice instanceof Message.SharedAck ack) {
                server.shared.acked(client.id, ack.position());
            }
            return true;
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }
}
