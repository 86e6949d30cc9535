package dev.portico.backup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import dev.portico.systemdb.UtcTimestamps;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.stream.Collectors;

/**
 * Streams one table as NDJSON, one JSON array per row in column order, rows ordered by id, through a
 * forward-only result set: memory does not grow with the table. Not thread-safe.
 */
final class TableDump {
    static final DateTimeFormatter TIMESTAMP = UtcTimestamps.SQLITE_TEXT;
    private static final int FETCH_SIZE = 500;
    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .rootValueSeparator((String) null).enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final Connection connection;
    private final DatabaseEngine engine;

    TableDump(Connection connection, DatabaseEngine engine) {
        this.connection = connection;
        this.engine = engine;
    }

    /** Writes every row of {@code table} to {@code out}; returns the number of rows. */
    long write(TableSchema table, OutputStream out) throws SQLException, IOException {
        String columns = table.columns().stream().map(column -> quote(column.name())).collect(Collectors.joining(", "));
        String orderBy = table.columns().stream().anyMatch(column -> column.name().equals("id")) ? " ORDER BY id" : "";
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + columns + " FROM "
                + quote(table.name()) + orderBy, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(FETCH_SIZE);
            long rows = 0;
            try (ResultSet result = statement.executeQuery(); JsonGenerator json = JSON.createGenerator(out)) {
                while (result.next()) {
                    json.writeStartArray();
                    for (int index = 0; index < table.columns().size(); index++) {
                        writeValue(json, result, index + 1, table.name(), table.columns().get(index));
                    }
                    json.writeEndArray();
                    json.writeRaw('\n');
                    rows++;
                }
            }
            return rows;
        }
    }

    private void writeValue(JsonGenerator json, ResultSet result, int index, String table, BackupManifest.Column column)
            throws SQLException, IOException {
        switch (column.type()) {
            case INTEGER -> {
                long value = result.getLong(index);
                if (result.wasNull()) {
                    json.writeNull();
                } else {
                    json.writeNumber(value);
                }
            }
            case BOOLEAN -> {
                // SQLite stores 0/1; anything else there is a row the CHECK should have refused
                long value = engine == DatabaseEngine.SQLITE ? result.getLong(index) : result.getBoolean(index) ? 1 : 0;
                if (result.wasNull()) {
                    json.writeNull();
                } else if (value == 0 || value == 1) {
                    json.writeBoolean(value == 1);
                } else {
                    throw badValue(table, column, String.valueOf(value), "0 or 1");
                }
            }
            case TEXT -> json.writeString(result.getString(index));
            case TIMESTAMP -> json.writeString(timestamp(result, index, table, column));
        }
    }

    private String timestamp(ResultSet result, int index, String table, BackupManifest.Column column)
            throws SQLException {
        if (engine != DatabaseEngine.SQLITE) {
            LocalDateTime value = result.getObject(index, LocalDateTime.class);
            return value == null ? null : TIMESTAMP.format(value);
        }
        String text = result.getString(index);
        if (text == null) {
            return null;
        }
        try {
            // normalised, so a value written with fewer fraction digits still reads the same on every engine
            return TIMESTAMP.format(LocalDateTime.parse(text.strip().replace(' ', 'T')));
        } catch (DateTimeParseException e) {
            throw badValue(table, column, text, "a UTC timestamp YYYY-MM-DD HH:MM:SS.ffffff");
        }
    }

    private String quote(String identifier) {
        return engine == DatabaseEngine.MYSQL ? "`" + identifier + "`" : "\"" + identifier + "\"";
    }

    private static PorticoException badValue(String table, BackupManifest.Column column, String value, String expected) {
        return new PorticoException(ErrorCode.FAILED, "Cannot back up " + table + "." + column.name() + ": it holds '"
                + value + "' where the schema expects " + expected + ". Fix that row, then back up again.");
    }
}
