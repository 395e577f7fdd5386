package io.tidemark.engine.store.sync;

import io.tidemark.engine.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Metric time series (throughput, latency, backlog, ...) kept across restarts; the reference
 * system's metrics lived only in memory. A series is a (name, labels) pair.
 */
public final class MetricStore {

    private static final String INSERT = "INSERT INTO metric (name, labels, at, value) VALUES (?, ?, ?, ?)";
    private static final String SERIES = "SELECT name, labels, at, value FROM metric"
            + " WHERE name = ? AND labels = ? AND at >= ? AND at < ? ORDER BY at, rowid";
    private static final String LATEST = "SELECT name, labels, at, value FROM metric WHERE name = ? AND labels = ?"
            + " ORDER BY at DESC, rowid DESC LIMIT 1";
    private static final String PRUNE = "DELETE FROM metric WHERE at < ?";

    private final Database db;

    MetricStore(Database db) {
        this.db = db;
    }

    public void record(String name, String labels, Instant at, double value) {
        record(new MetricSample(name, labels, at, value));
    }

    public void record(MetricSample sample) {
        recordAll(List.of(sample));
    }

    /** Records several samples in one transaction. */
    public void recordAll(List<MetricSample> samples) {
        List<MetricSample> copy = List.copyOf(samples);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (MetricSample s : copy) {
                    ps.setString(1, s.name());
                    ps.setString(2, s.labels());
                    ps.setLong(3, s.at().toEpochMilli());
                    ps.setDouble(4, s.value());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The samples of one series with {@code from <= at < to}, in time order (then insertion order). */
    public List<MetricSample> series(String name, String labels, Instant from, Instant to) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SERIES)) {
                ps.setString(1, name);
                ps.setString(2, labels);
                ps.setLong(3, SqlValues.ceilMillis(from));
                ps.setLong(4, SqlValues.ceilMillis(to));
                try (ResultSet rs = ps.executeQuery()) {
                    List<MetricSample> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new MetricSample(rs.getString("name"), rs.getString("labels"),
                                SqlValues.instant(rs, "at"), rs.getDouble("value")));
                    }
                    return out;
                }
            }
        });
    }

    /** The newest sample of one series, if it has any. */
    public Optional<MetricSample> latest(String name, String labels) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(labels, "labels");
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(LATEST)) {
                ps.setString(1, name);
                ps.setString(2, labels);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new MetricSample(rs.getString("name"), rs.getString("labels"),
                            SqlValues.instant(rs, "at"), rs.getDouble("value"))) : Optional.<MetricSample>empty();
                }
            }
        });
    }

    /** Deletes samples taken before {@code olderThan}, in every series; returns how many. */
    public int prune(Instant olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(PRUNE)) {
                ps.setLong(1, SqlValues.ceilMillis(olderThan));
                return ps.executeUpdate();
            }
        });
    }
}
