package io.tidemark.app.peer;

import io.tidemark.app.common.Properties;
import io.tidemark.engine.model.ResourceType;
import java.util.Objects;
import java.util.UUID;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One (owner, type) row of a peer's sync table. The row object lives as long as its key is in the
 * table and its properties are updated in place, so a new snapshot redraws only the cells whose text
 * changed and the table keeps its selection and scroll position.
 */
public final class ResourceRow {

    /** Which row: {@code owner} null for a shared type. */
    public record Key(UUID owner, ResourceType type) {
        public Key {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * How both sides' copies of the row's records compare, from the last watermark exchange and the
     * surgical recovery's state.
     */
    public enum Check {
        /** Not known: no exchange yet, or a shared type (compared by its change log instead). */
        UNKNOWN,
        /** The same number of records and the same versions on both sides. */
        MATCH,
        /** Counts or versions differ. */
        DIFFER,
        /** A difference was seen; the engine confirms it on the next exchange before it repairs. */
        CHECKING,
        /** A surgical recovery of the row runs. */
        REPAIRING;

        /** Whether the row is marked for a person to look at: anything but equal or unknown. */
        public boolean attention() {
            return this != UNKNOWN && this != MATCH;
        }
    }

    /**
     * Everything a row shows, as text ready for the cells.
     *
     * @param differs      whether the peer reported a count and it is not ours
     * @param gap          the peer's records minus ours, signed ("+33,000": the peer has more), or a dash
     * @param digests      "match", "differ", "checking", "repairing 61%", or a dash
     * @param check        what {@code digests} says, for the row's marking and its recovery button
     * @param progress     the backfill's fraction 0..1, or -1 while its total is unknown
     * @param backfillShown whether the row shows a progress bar (running, or stopped short of its total)
     */
    public record Values(String owner, String type, String localCount, String peerCount, boolean differs,
                         String gap, String digests, Check check, String watermark, String lastAdvanced, boolean backfillShown, double progress,
                         String progressText) {
    }

    private final Key key;
    private final ReadOnlyStringWrapper owner = new ReadOnlyStringWrapper(this, "owner", "");
    private final ReadOnlyStringWrapper type = new ReadOnlyStringWrapper(this, "type", "");
    private final ReadOnlyStringWrapper localCount = new ReadOnlyStringWrapper(this, "localCount", "");
    private final ReadOnlyStringWrapper peerCount = new ReadOnlyStringWrapper(this, "peerCount", "");
    private final ReadOnlyBooleanWrapper differs = new ReadOnlyBooleanWrapper(this, "differs", false);
    private final ReadOnlyStringWrapper gap = new ReadOnlyStringWrapper(this, "gap", "");
    private final ReadOnlyStringWrapper digests = new ReadOnlyStringWrapper(this, "digests", "");
    private final ReadOnlyObjectWrapper<Check> check = new ReadOnlyObjectWrapper<>(this, "check", Check.UNKNOWN);
    private final ReadOnlyStringWrapper watermark = new ReadOnlyStringWrapper(this, "watermark", "");
    private final ReadOnlyStringWrapper lastAdvanced = new ReadOnlyStringWrapper(this, "lastAdvanced", "");
    private final ReadOnlyBooleanWrapper backfillShown = new ReadOnlyBooleanWrapper(this, "backfillShown", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");

    ResourceRow(Key key, Values values) {
        this.key = Objects.requireNonNull(key, "key");
        apply(values);
    }

    /** Shows {@code values}, touching only the properties that differ; returns whether any did. */
    boolean apply(Values values) {
        boolean changed = Properties.setIfChanged(owner, values.owner());
        changed |= Properties.setIfChanged(type, values.type());
        changed |= Properties.setIfChanged(localCount, values.localCount());
        changed |= Properties.setIfChanged(peerCount, values.peerCount());
        changed |= Properties.setIfChanged(differs, values.differs());
        changed |= Properties.setIfChanged(gap, values.gap());
        changed |= Properties.setIfChanged(digests, values.digests());
        changed |= Properties.setIfChanged(check, values.check());
        changed |= Properties.setIfChanged(watermark, values.watermark());
        changed |= Properties.setIfChanged(lastAdvanced, values.lastAdvanced());
        changed |= Properties.setIfChanged(backfillShown, values.backfillShown());
        changed |= Properties.setIfChanged(progress, values.progress());
        changed |= Properties.setIfChanged(progressText, values.progressText());
        return changed;
    }

    /** What the row shows now. */
    public Values values() {
        return new Values(owner.get(), type.get(), localCount.get(), peerCount.get(), differs.get(), gap.get(),
                digests.get(), check.get(), watermark.get(), lastAdvanced.get(), backfillShown.get(), progress.get(), progressText.get());
    }

    public Key key() {
        return key;
    }

    public ReadOnlyStringProperty ownerProperty() {
        return owner.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty typeProperty() {
        return type.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty localCountProperty() {
        return localCount.getReadOnlyProperty();
    }

    /** The peer's count, or a dash until an exchange told it. */
    public ReadOnlyStringProperty peerCountProperty() {
        return peerCount.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty differsProperty() {
        return differs.getReadOnlyProperty();
    }

    /** The peer's records minus ours, signed, or a dash while unknown. */
    public ReadOnlyStringProperty gapProperty() {
        return gap.getReadOnlyProperty();
    }

    /** Whether both hold the same versions, in words: "match", "differ", "checking", "repairing 61%". */
    public ReadOnlyStringProperty digestsProperty() {
        return digests.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Check> checkProperty() {
        return check.getReadOnlyProperty();
    }

    /** Whether a surgical recovery can be asked for this row: records with an owner, not a shared type. */
    public boolean recoverable() {
        return key.owner() != null;
    }

    /** The watermark as a local date-time, or a dash. */
    public ReadOnlyStringProperty watermarkProperty() {
        return watermark.getReadOnlyProperty();
    }

    /** "12 s ago", or a dash when it never moved. */
    public ReadOnlyStringProperty lastAdvancedProperty() {
        return lastAdvanced.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty backfillShownProperty() {
        return backfillShown.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "41 % · 25,000/s · ETA 24 s" while running, the percentage alone when stopped short. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return key + " " + values();
    }
}
