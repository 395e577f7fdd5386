package io.tidemark.app.testing;

import static io.tidemark.app.testing.PeerSnapshots.LAPTOP_ID;
import static io.tidemark.app.testing.PeerSnapshots.LIBRARY;
import static io.tidemark.app.testing.PeerSnapshots.NAS_ID;
import static io.tidemark.app.testing.PeerSnapshots.NOW;
import static io.tidemark.app.testing.PeerSnapshots.SELF;

import io.tidemark.engine.api.EngineSnapshot;
import io.tidemark.engine.api.EngineSnapshot.Backfill;
import io.tidemark.engine.api.EngineSnapshot.EventLine;
import io.tidemark.engine.api.EngineSnapshot.Gap;
import io.tidemark.engine.api.EngineSnapshot.Peer;
import io.tidemark.engine.api.EngineSnapshot.PeerState;
import io.tidemark.engine.api.EngineSnapshot.Resource;
import io.tidemark.engine.api.EngineSnapshot.SyncState;
import io.tidemark.engine.clock.HlcTimestamp;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.sync.RecoveryView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Snapshots of members syncing, at {@link PeerSnapshots#NOW}: "laptop" backfilling a million entries
 * (or in any other state), "nas" up to date; with events for both.
 */
public final class SyncSnapshots {
    public static final UUID LAPTOP_OWNER = UUID.fromString("0192f3a4-1111-7000-8000-000000000001");
    public static final UUID NAS_OWNER = UUID.fromString("0192f3a4-2222-7000-8000-000000000002");
    public static final long TOTAL = 1_000_000;
    public static final double RATE = 25_000;
    /** Laptop's entry watermark: 30 s before now, logical counter 3. */
    public static final long ENTRY_WATERMARK = entryWatermark(NOW);
    /** Its device, volume and location watermark: 3 h before now. */
    public static final long DEVICE_WATERMARK = deviceWatermark(NOW);
    public static final String LAPTOP_REASON = "Backfilling entries from laptop";

    private SyncSnapshots() {
    }

    /** Laptop backfilling with {@code done} of its million entries here; nas ready. */
    public static EngineSnapshot backfilling(long done) {
        return of(laptop(SyncState.BACKFILLING, PeerState.CONNECTED, done), nas(), events());
    }

    /** Laptop in {@code sync}, connected or not as {@code state} says, with 412,000 entries here. */
    public static EngineSnapshot laptopIn(SyncState sync, PeerState state) {
        return of(laptop(sync, state, 412_000), nas(), events());
    }

    public static EngineSnapshot of(Peer laptop, Peer nas, List<EventLine> events) {
        List<Peer> peers = new ArrayList<>();
        if (laptop != null) {
            peers.add(laptop);
        }
        if (nas != null) {
            peers.add(nas);
        }
        return new EngineSnapshot(new EngineSnapshot.Device(SELF, "workstation"),
                new EngineSnapshot.Library(LIBRARY, "Home"), List.of(), peers, List.of(), NOW, events);
    }

    private static long entryWatermark(Instant now) {
        return new HlcTimestamp(now.minusSeconds(30).toEpochMilli(), 3).packed();
    }

    private static long deviceWatermark(Instant now) {
        return new HlcTimestamp(now.minusSeconds(3 * 3600).toEpochMilli(), 0).packed();
    }

    /** {@link #laptop(SyncState, PeerState, long, Instant)} at {@link PeerSnapshots#NOW}. */
    public static Peer laptop(SyncState sync, PeerState state, long done) {
        return laptop(sync, state, done, NOW);
    }

    /**
     * Laptop's four device-owned rows plus one shared row, times relative to {@code now}. Entries:
     * {@code done} here, a million on the laptop, backfilling at 25,000 records/s while {@code sync}
     * is BACKFILLING (the ETA as the engine computes it), stopped short of the total otherwise.
     */
    public static Peer laptop(SyncState sync, PeerState state, long done, Instant now) {
        long entryWatermark = entryWatermark(now);
        long deviceWatermark = deviceWatermark(now);
        boolean active = sync == SyncState.BACKFILLING;
        Backfill entries = new Backfill(done, TOTAL, active ? RATE : 0,
                active ? (long) Math.ceil((TOTAL - done) / RATE) : null, active);
        List<Resource> resources = List.of(
                // Deliberately not in display order: the page sorts.
                new Resource(null, null, null, ResourceType.CONTENT_IDENTITY, 500, null, null, null, Backfill.NONE),
                new Resource(LAPTOP_OWNER, "laptop", LAPTOP_ID, ResourceType.ENTRY, done, TOTAL, entryWatermark,
                        now.minusSeconds(12), entries),
                new Resource(LAPTOP_OWNER, "laptop", LAPTOP_ID, ResourceType.DEVICE, 1, 1L, deviceWatermark,
                        now.minusSeconds(3 * 3600), Backfill.NONE),
                new Resource(LAPTOP_OWNER, "laptop", LAPTOP_ID, ResourceType.VOLUME, 2, 2L, deviceWatermark,
                        now.minusSeconds(3 * 3600), Backfill.NONE),
                new Resource(LAPTOP_OWNER, "laptop", LAPTOP_ID, ResourceType.LOCATION, 3, 3L, deviceWatermark,
                        now.minusSeconds(3 * 3600), Backfill.NONE));
        return new Peer(LAPTOP_ID, "laptop", state, List.of("192.168.1.21:22000"), now,
                state == PeerState.CONNECTED ? 12L : null, -3L, null, sync,
                sync == SyncState.BACKFILLING ? LAPTOP_REASON : null, now.minusSeconds(60), resources);
    }

    /** Entries on laptop: it holds 170,000, this device 137,000 ({@link #GAP} fewer) at the same watermark. */
    public static final long LAPTOP_ENTRIES = 170_000;
    public static final long GAP = 33_000;

    /**
     * Laptop connected and caught up by its watermarks, yet with gaps: its devices and volumes match,
     * its locations are as many but other versions, and {@link #GAP} of its entries are missing here,
     * their recovery as {@code entries} says (null: none ran).
     */
    public static EngineSnapshot withGaps(RecoveryView entries) {
        long mark = deviceWatermark(NOW);
        List<Resource> resources = List.of(
                new Resource(null, null, null, ResourceType.CONTENT_IDENTITY, 500, 500L, null, null, Backfill.NONE),
                new Resource(LAPTOP_OWNER, "laptop", LAPTOP_ID, ResourceType.DEVICE, 1, 1L, mark, NOW.minusSeconds(3 * 3600),
                        Backfill.NONE, null, new Gap(0, true, null)),
                new Resource(LAPTOP_OWNER, "laptop", LAPTOP_ID, ResourceType.VOLUME, 2, 2L, mark, NOW.minusSeconds(3 * 3600),
                        Backfill.NONE, null, new Gap(0, true, null)),
                new Resource(LAPTOP_OWNER, "laptop", LAPTOP_ID, ResourceType.LOCATION, 3, 3L, mark, NOW.minusSeconds(3 * 3600),
                        Backfill.NONE, null, new Gap(0, false, null)),
                new Resource(LAPTOP_OWNER, "laptop", LAPTOP_ID, ResourceType.ENTRY, LAPTOP_ENTRIES - GAP, LAPTOP_ENTRIES,
                        entryWatermark(NOW), NOW.minusSeconds(12), Backfill.NONE, null, new Gap(GAP, false, entries)));
        Peer laptop = new Peer(LAPTOP_ID, "laptop", PeerState.CONNECTED, List.of("192.168.1.21:22000"), NOW, 12L, -3L, null,
                entries != null && entries.phase() != RecoveryView.Phase.IDLE ? SyncState.RECOVERING : SyncState.READY, null,
                NOW.minusSeconds(60), resources);
        return of(laptop, nas(), events());
    }

    /** {@link #nas(Instant)} at {@link PeerSnapshots#NOW}. */
    public static Peer nas() {
        return nas(NOW);
    }

    /** Nas connected and up to date: 40 entries on both sides. */
    public static Peer nas(Instant now) {
        return new Peer(NAS_ID, "nas", PeerState.CONNECTED, List.of("192.168.1.30:22000"), now, 4L, 1L, null,
                SyncState.READY, null, now.minusSeconds(2 * 86_400), List.of(
                        new Resource(NAS_OWNER, "nas", NAS_ID, ResourceType.ENTRY, 40, 40L, entryWatermark(now),
                                now.minusSeconds(3_700), Backfill.NONE)));
    }

    /** {@link #events(Instant)} at {@link PeerSnapshots#NOW}. */
    public static List<EventLine> events() {
        return events(NOW);
    }

    /** Oldest first, as the engine keeps them: three about laptop, two about nas, one about no peer. */
    public static List<EventLine> events(Instant now) {
        return List.of(
                new EventLine(1, now.minusSeconds(2 * 86_400), "connected", NAS_ID, "Connected to nas"),
                new EventLine(2, now.minusSeconds(120), "connected", LAPTOP_ID, "Connected to laptop"),
                new EventLine(3, now.minusSeconds(100), "indexed", null, "Indexed Pictures"),
                new EventLine(4, now.minusSeconds(60), "backfill-started", LAPTOP_ID, "Backfilling 1,000,000 entries"),
                new EventLine(5, now.minusSeconds(30), "ready", NAS_ID, "Up to date with nas"),
                new EventLine(6, now.minusSeconds(5), "page", LAPTOP_ID, "Applied 5,000 entries"));
    }
}
