package io.tidemark.engine.discovery;

import java.util.List;

/**
 * Told whenever the set of devices seen on the LAN changes.
 *
 * <p>A single callback with the whole current list (rather than found/updated/lost events) because
 * every consumer — the "nearby" list, the member address updater — wants the full picture, and a
 * snapshot cannot be misapplied or received out of order. It is called on the discovery's own single
 * event thread, one call at a time, so implementations must not block for long and must hand off to
 * their own thread (e.g. the UI thread) themselves. It is called when a device appears, disappears,
 * or its addresses or protocol version change; a mere re-announcement does not trigger a call.
 */
@FunctionalInterface
public interface DiscoveryListener {

    /**
     * @param devices every device currently seen, sorted by device id, never including this device;
     *        immutable
     */
    void onChange(List<DiscoveredDevice> devices);
}
