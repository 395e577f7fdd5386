package io.tidemark.engine.store.library;

import io.tidemark.engine.model.Ids;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.UUID;

/** Small JDBC helpers for the 16-byte id columns. */
final class Sql {
    private Sql() {
    }

    static void setId(PreparedStatement ps, int index, UUID id) throws SQLException {
        if (id == null) {
            ps.setNull(index, Types.BLOB);
        } else {
            ps.setBytes(index, Ids.toBytes(id));
        }
    }

    static UUID getId(ResultSet rs, int index) throws SQLException {
        return Ids.fromBytes(rs.getBytes(index));
    }

    static void setNullableString(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
