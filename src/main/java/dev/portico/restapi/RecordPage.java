package dev.portico.restapi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.portico.PorticoException;
import dev.portico.services.Column;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A page of {@code GET _table/{table}} whose statements have run but whose rows are still in the
 * database: {@link #write} streams them from the result set to a JSON generator in DreamFactory's
 * envelope ({@code {"resource":[…]}}, plus {@code "meta":{"count":N}} with include_count; only the
 * meta for count_only), {@value #ROWS_AT_A_TIME} records at a time, so memory does not grow with
 * the page. Without related records each row goes straight from the result set to the generator,
 * under field names encoded once per page; with them, records are completed as maps first.
 * The page holds its connections (one, or two when its related records are read beside a streaming
 * result) until it is written or closed. Not thread-safe; one per request.
 */
public final class RecordPage implements AutoCloseable {
    /** Rows the driver fetches at once on a large page, and records completed and written together. */
    static final int ROWS_AT_A_TIME = 500;

    /** What a chunk of records needs before it is written: its related records. */
    @FunctionalInterface
    interface Completion {
        void complete(List<Map<String, Object>> chunk) throws SQLException;
    }

    /** For a page without related records: nothing to complete, so rows need not become maps. */
    static final Completion NOTHING = chunk -> { };

    private final List<Connection> connections;
    private final ResultSet rows;
    private final List<Column> read;
    private final SerializedString[] names;
    private final Completion completion;
    private final OptionalLong count;
    private final Function<SQLException, PorticoException> explain;
    private boolean released;

    /**
     * {@code rows} (null for count_only), from the first of {@code connections}, are read as
     * {@code read}'s columns; {@code explain} turns a database failure while the rows are read into
     * the error a client would have been given.
     */
    RecordPage(List<Connection> connections, ResultSet rows, List<Column> read, Completion completion, OptionalLong count,
               Function<SQLException, PorticoException> explain) {
        this.connections = List.copyOf(connections);
        this.rows = rows;
        this.read = List.copyOf(read);
        this.names = this.read.stream().map(column -> new SerializedString(column.name())).toArray(SerializedString[]::new);
        this.completion = completion;
        this.count = count;
        this.explain = explain;
    }

    /**
     * Writes the whole envelope. A database failure part way is thrown as a {@link PorticoException}
     * with the envelope left open, so what was written cannot pass for a whole answer; the caller
     * must then not finish the generator.
     */
    public void write(JsonGenerator json) throws IOException {
        json.writeStartObject();
        if (rows != null) {
            json.writeArrayFieldStart("resource");
            try {
                if (completion == NOTHING) {
                    writeRows(json);
                } else {
                    writeRecords(json);
                }
            } catch (SQLException e) {
                throw explain.apply(e);
            }
            json.writeEndArray();
        }
        close(); // the rows are read: the connections go back before the last bytes go out to the client
        if (count.isPresent()) {
            json.writeObjectFieldStart("meta");
            json.writeNumberField("count", count.getAsLong());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /** Each row as a record, in {@code read}'s order, as the map of {@link TableReader#record} would be written. */
    private void writeRows(JsonGenerator json) throws SQLException, IOException {
        while (rows.next()) {
            json.writeStartObject();
            for (int index = 0; index < names.length; index++) {
                json.writeFieldName(names[index]);
                writeValue(json, ColumnValues.read(rows, index + 1, read.get(index)));
            }
            json.writeEndObject();
        }
    }

    /** The common values written directly; any other goes through the generator's codec, as in a map. */
    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else {
            json.writeObject(value);
        }
    }

    private void writeRecords(JsonGenerator json) throws SQLException, IOException {
        List<Map<String, Object>> chunk = new ArrayList<>();
        while (rows.next()) {
            chunk.add(TableReader.record(rows, read));
            if (chunk.size() == ROWS_AT_A_TIME) {
                write(json, chunk);
            }
        }
        write(json, chunk);
    }

    private void write(JsonGenerator json, List<Map<String, Object>> chunk) throws SQLException, IOException {
        if (chunk.isEmpty()) {
            return;
        }
        completion.complete(chunk);
        for (Map<String, Object> record : chunk) {
            json.writeObject(record);
        }
        chunk.clear();
    }

    /**
     * Gives the connections back, which closes their statements and rows (the transaction a cursor
     * needed is rolled back by the pool: it only read). Safe to call again.
     */
    @Override
    public void close() {
        try {
            release();
        } catch (SQLException e) {
            throw explain.apply(e);
        }
    }

    private void release() throws SQLException {
        if (released) {
            return;
        }
        released = true;
        SQLException failure = null;
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
