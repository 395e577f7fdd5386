package io.tidemark.engine.api;

import io.tidemark.engine.model.Ids;
import io.tidemark.engine.model.ResourceType;
import io.tidemark.engine.model.TagRecord;
import io.tidemark.engine.store.library.LibraryStore;
import io.tidemark.engine.store.library.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Changing tags by name, as people do: each action is one local write transaction, so it becomes
 * one shared change with one HLC, and the shared-log tailer sends it to the members (a running
 * daemon finds changes made by another process, such as a CLI run, the same way).
 *
 * <p>Names are unique per library as far as this device can tell; two devices may still create the
 * same name while apart, so a name that matches several tags is refused with their ids, and every
 * action also accepts a tag's id.
 */
public final class TagActions {
    private static final Pattern COLOR = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
    private static final int MAX_NAME = 200;
    private static final String ASSIGNMENTS_OF = "SELECT uuid FROM tag_assignment WHERE tag_uuid = ?";

    private final LibraryStore library;

    public TagActions(LibraryStore library) {
        this.library = Objects.requireNonNull(library, "library");
    }

    /** A tag and how many content identities carry it. */
    public record Tag(UUID uuid, String name, String color, long assignments) {
    }

    /** Every tag, by name. */
    public List<Tag> list() {
        return library.read(c -> {
            List<Tag> tags = new ArrayList<>();
            for (TagRecord t : allTags(c)) {
                tags.add(new Tag(t.uuid(), t.name(), t.color(), assignmentsOf(c, t.uuid()).size()));
            }
            tags.sort(Comparator.comparing((Tag t) -> t.name().toLowerCase(Locale.ROOT)).thenComparing(Tag::name));
            return tags;
        });
    }

    /**
     * Creates a tag.
     *
     * @throws IllegalArgumentException for a blank or too long name, a colour that is not #rgb or
     *                                  #rrggbb, or a name that is taken; nothing is written then
     */
    public Tag add(String name, String color) {
        String n = checkName(name);
        String c = checkColor(color);
        UUID uuid = Ids.newId();
        library.writeLocal(tx -> {
            requireFree(tx.connection(), n, null);
            tx.putShared(new TagRecord(uuid, 0, n, c));
            return null;
        });
        return new Tag(uuid, n, c, 0);
    }

    /** Renames the tag named (or with the id) {@code tag}; its colour and assignments stay. */
    public Tag rename(String tag, String newName) {
        String n = checkName(newName);
        return library.writeLocal(tx -> {
            Connection c = tx.connection();
            TagRecord found = find(c, tag);
            requireFree(c, n, found.uuid());
            tx.putShared(new TagRecord(found.uuid(), 0, n, found.color()));
            return new Tag(found.uuid(), n, found.color(), assignmentsOf(c, found.uuid()).size());
        });
    }

    /**
     * Removes the tag named (or with the id) {@code tag} and every assignment of it, in one
     * transaction: no assignment is left pointing at a removed tag.
     *
     * @return the removed tag, with the number of assignments removed along with it
     */
    public Tag remove(String tag) {
        return library.writeLocal(tx -> {
            Connection c = tx.connection();
            TagRecord found = find(c, tag);
            List<UUID> assignments = assignmentsOf(c, found.uuid());
            for (UUID a : assignments) {
                tx.delete(ResourceType.TAG_ASSIGNMENT, a);
            }
            tx.delete(ResourceType.TAG, found.uuid());
            return new Tag(found.uuid(), found.name(), found.color(), assignments.size());
        });
    }

    private static String checkName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw new IllegalArgumentException("A tag name must not be empty.");
        }
        if (n.length() > MAX_NAME) {
            throw new IllegalArgumentException("A tag name has at most " + MAX_NAME + " characters, this one has " + n.length() + ".");
        }
        return n;
    }

    private static String checkColor(String color) {
        if (color == null) {
            return null;
        }
        if (!COLOR.matcher(color).matches()) {
            throw new IllegalArgumentException("Not a colour: " + color + " (use #rgb or #rrggbb, e.g. #ff8800).");
        }
        return color;
    }

    private static void requireFree(Connection c, String name, UUID except) throws SQLException {
        for (TagRecord t : allTags(c)) {
            if (t.name().equals(name) && !t.uuid().equals(except)) {
                throw new IllegalArgumentException("A tag named \"" + name + "\" already exists (" + t.uuid() + ").");
            }
        }
    }

    /** The one tag named {@code nameOrId}, else the tag with that id. */
    private static TagRecord find(Connection c, String nameOrId) throws SQLException {
        List<TagRecord> all = allTags(c);
        List<TagRecord> named = all.stream().filter(t -> t.name().equals(nameOrId)).toList();
        if (named.size() == 1) {
            return named.get(0);
        }
        if (named.size() > 1) {
            throw new IllegalArgumentException(named.size() + " tags are named \"" + nameOrId + "\" (made on different devices"
                    + " while apart); name one by its id: " + named.stream().map(t -> t.uuid().toString()).toList());
        }
        for (TagRecord t : all) {
            if (t.uuid().toString().equalsIgnoreCase(nameOrId)) {
                return t;
            }
        }
        throw new IllegalArgumentException("No tag named \"" + nameOrId + "\". 'tidemark tag list' shows the tags.");
    }

    private static List<TagRecord> allTags(Connection c) throws SQLException {
        List<TagRecord> all = new ArrayList<>();
        UUID after = null;
        for (List<TagRecord> page; !(page = Tables.TAGS.list(c, after, 1_000)).isEmpty(); ) {
            all.addAll(page);
            after = page.get(page.size() - 1).uuid();
        }
        return all;
    }

    private static List<UUID> assignmentsOf(Connection c, UUID tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ASSIGNMENTS_OF)) {
            ps.setBytes(1, Ids.toBytes(tag));
            List<UUID> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Ids.fromBytes(rs.getBytes(1)));
                }
            }
            return out;
        }
    }
}
