package io.tidemark.engine.api;

import io.tidemark.engine.identity.DeviceId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Turns what a person typed for a member into its device id: the full id (any case, with or
 * without dashes), its short form (the first group, or any longer start of the id), or its device
 * name when exactly one member has it. The control API and every CLI verb that names a member use
 * this one resolver, so they all accept the same spellings.
 *
 * <p>A well-formed full id is returned even when it is no member: the action that follows knows
 * best what to say (e.g. "this device cannot forget itself").
 */
public final class PeerResolver {
    /** Shorter starts would match by accident: the short form is one display group. */
    private static final int MIN_PREFIX = 7;

    /** A member as the resolver sees it; {@code name} may be null. */
    public record Member(String id, String name) {
        public Member {
            Objects.requireNonNull(id, "id");
        }

        String label() {
            String shortForm = id.substring(0, Math.min(MIN_PREFIX, id.length()));
            return name == null || name.isEmpty() ? shortForm : name + " (" + shortForm + ")";
        }
    }

    private PeerResolver() {
    }

    /** The members of a snapshot. */
    public static List<Member> members(EngineSnapshot snapshot) {
        return snapshot.peers().stream().map(p -> new Member(p.id(), p.name())).toList();
    }

    /**
     * The member {@code text} names; for a full id of no member, a Member with a null name.
     *
     * @throws IllegalArgumentException saying why nothing or more than one member matched
     */
    public static Member resolve(String text, List<Member> members) {
        String typed = text == null ? "" : text.strip();
        if (typed.isEmpty()) {
            throw new IllegalArgumentException("Name the member: its device id, the first group of it, or its device name.");
        }
        IllegalArgumentException notAnId;
        try {
            String id = DeviceId.parse(typed).toString();
            return members.stream().filter(m -> m.id().equals(id)).findFirst().orElse(new Member(id, null));
        } catch (IllegalArgumentException e) {
            notAnId = e;
        }
        String compact = compact(typed);
        if (compact.length() >= MIN_PREFIX) {
            Member byPrefix = unique(typed, members, m -> compact(m.id()).startsWith(compact));
            if (byPrefix != null) {
                return byPrefix;
            }
        }
        Member byName = unique(typed, members, m -> typed.equals(m.name()));
        if (byName == null) {
            byName = unique(typed, members, m -> m.name() != null && typed.equalsIgnoreCase(m.name()));
        }
        if (byName != null) {
            return byName;
        }
        if (compact.length() >= 52) {
            // It was meant as a full id: the parse error (a typo, a wrong length) says what is wrong with it.
            throw notAnId;
        }
        throw new IllegalArgumentException("No member matches '" + typed + "'. "
                + (members.isEmpty() ? "This device has no other members yet."
                        : "Members: " + members.stream().map(Member::label).collect(Collectors.joining(", ")) + "."));
    }

    /** The one member {@code matches} accepts, null if none; more than one is an error. */
    private static Member unique(String typed, List<Member> members, Predicate<Member> matches) {
        List<Member> found = members.stream().filter(matches).toList();
        if (found.size() > 1) {
            throw new IllegalArgumentException("'" + typed + "' matches " + found.size() + " members: "
                    + found.stream().map(m -> m.label() + " " + m.id()).collect(Collectors.joining(", "))
                    + ". Use the full device id.");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static String compact(String text) {
        return text.replace("-", "").replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    }
}
