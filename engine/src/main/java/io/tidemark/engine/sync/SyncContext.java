package io.tidemark.engine.sync;

import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.sync.SyncStore;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every part of the sync engine works with: the two stores, this device, its time and timer,
 * where events and metrics go, device names for texts, and calls to members. One per engine.
 */
record SyncContext(LibraryStore library, SyncStore sync, SyncEngine.Options options, SyncEngine.EventSink events,
                   SyncMetrics metrics, UUID self, Clock clock, SyncRuntime.Timer timer, DeviceNames names, MemberCalls calls,
                   AtomicReference<SyncEngine.Listener> listenerRef) {

    static SyncContext of(LibraryStore library, SyncStore sync, SyncEngine.Options options, SyncEngine.EventSink events,
                          SyncMetrics metrics, SyncRuntime runtime) {
        return new SyncContext(library, sync, options, events, metrics, library.identity().deviceId(), runtime.clock(),
                runtime.timer(), new DeviceNames(library, sync), new MemberCalls(options.requestTimeout()),
                new AtomicReference<>(new SyncEngine.Listener() { }));
    }

    SyncEngine.Listener listener() {
        return listenerRef.get();
    }
}
