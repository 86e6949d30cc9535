package dev.portico.backup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.OutputStream;

/**
 * Streams one table as NDJSON, one JSON array per row in column order, rows ordered by id, reading
 * them from a live database ({@link TableRows#live}): memory does not grow with the table. Not thread-safe.
 */
final class TableDump {
    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .rootValueSeparator((String) null).enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final RowSource rows;

    TableDump(RowSource rows) {
        this.rows = rows;
    }

    /** Writes every row of {@code table} to {@code out}; returns the number of rows. */
    long write(TableSchema table, OutputStream out) throws Exception {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            return rows.read(table.name(), table.columns(), values -> {
                json.writeStartArray();
                for (Object value : values) {
                    if (value == null) {
                        json.writeNull();
                    } else if (value instanceof Long number) {
                        json.writeNumber(number.longValue());
                    } else if (value instanceof Boolean bool) {
                        json.writeBoolean(bool);
                    } else {
                        json.writeString((String) value);
                    }
                }
                json.writeEndArray();
                json.writeRaw('\n');
            });
        }
    }
}
