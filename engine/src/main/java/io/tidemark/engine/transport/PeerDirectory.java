package io.tidemark.engine.transport;

import io.tidemark.engine.identity.DeviceId;
import io.tidemark.engine.protocol.Message;
import java.util.List;
import java.util.UUID;

/**
 * What the transport needs to know and record about the library's members. The engine implements
 * it over its stores; the transport never touches a database itself.
 */
public interface PeerDirectory {

    /** How this device treats a certificate. */
    enum Trust { MEMBER, FORGOTTEN, UNKNOWN }

    UUID libraryId();

    String libraryName();

    Trust trustOf(DeviceId device);

    /** Every member this device knows, itself included, as told to peers. */
    List<Message.Member> members();

    /**
     * Members named by a trusted peer: unknown ones become members; forgotten ones stay forgotten.
     *
     * @return whether this device learnt anything new (a member or an address), so it tells its peers
     */
    boolean learn(List<Message.Member> members, DeviceId from);

    /** A device that proved an invite: it is a member from now on. */
    void admit(DeviceId device, String name, List<String> addresses);

    /**
     * After a successful join: this home now belongs to {@code libraryId}.
     *
     * @throws IllegalStateException (with a message for the user) if the home holds another library's data
     */
    void adopt(UUID libraryId, String libraryName);

    /** Where to dial a member. */
    List<String> addressesOf(DeviceId device);

    /** Remembers an address a member was reached at, or announced by discovery. */
    void rememberAddress(DeviceId device, String hostPort);

    /** A member was seen just now. */
    void seen(DeviceId device);

    /** How people know {@code device}: its name, or its short id while its name is not known. */
    default String nameOf(DeviceId device) {
        return device.shortForm();
    }

    /** A line for the event history (connection events, refusals with their reason). */
    void event(String kind, DeviceId peer, String message);
}
