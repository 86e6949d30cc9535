package dev.portico.systemdb;

import dev.portico.config.DatabaseEngine;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * How the system database stores instants: UTC wall-clock time to the microsecond, as
 * {@code timestamp(6)} / {@code DATETIME(6)} on the servers and ISO text on SQLite, so values
 * move between engines unchanged and no JVM or session time zone is ever involved.
 */
public final class UtcTimestamps {
    /** How instants are written as text: SQLite's column format, and the backup archive's. */
    public static final DateTimeFormatter SQLITE_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final DatabaseEngine engine;

    public UtcTimestamps(DatabaseEngine engine) {
        this.engine = engine;
    }

    /** Now, truncated to what every engine stores. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public void bind(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, engine == DatabaseEngine.SQLITE ? Types.VARCHAR : Types.TIMESTAMP);
            return;
        }
        LocalDateTime utc = LocalDateTime.ofInstant(value.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        if (engine == DatabaseEngine.SQLITE) {
            statement.setString(index, SQLITE_TEXT.format(utc));
        } else {
            statement.setObject(index, utc);
        }
    }

    public Instant read(ResultSet rows, int column) throws SQLException {
        if (engine == DatabaseEngine.SQLITE) {
            String text = rows.getString(column);
            return text == null ? null : LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        }
        LocalDateTime value = rows.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
