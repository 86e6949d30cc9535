package dev.portico.backup;

import dev.portico.config.DatabaseEngine;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.PGCopyOutputStream;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Loads tables into PostgreSQL with {@code COPY … FROM STDIN}, streaming rows from a {@link RowSource} in
 * COPY's text format ({@link CopyText}): one statement per table instead of one INSERT per row, with the
 * same checks (constraints, foreign keys) inside the caller's transaction. The deferred columns are filled
 * set-based: the ids and values that wait are COPYed into a temporary table, then one UPDATE … FROM.
 * See {@link TableWriter}. Not thread-safe.
 */
final class CopyLoad implements TableWriter {
    private static final int BUFFER = 1 << 16;

    private final Connection connection;
    private final CopyManager copy;
    private final RowSource source;

    CopyLoad(Connection connection, RowSource source) throws SQLException {
        this.connection = connection;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        this.source = source;
    }

    @Override
    public long insert(BackupManifest.TableEntry table, Set<String> deferred, Set<String> selfReferences) throws Exception {
        List<BackupManifest.Column> columns = table.columns();
        int id = deferred.isEmpty() ? -1 : TableLoad.idIndex(table);
        boolean[] later = new boolean[columns.size()];
        boolean[] self = new boolean[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            later[i] = deferred.contains(columns.get(i).name());
            self[i] = selfReferences.contains(columns.get(i).name());
        }
        return copy(table.name(), names(columns), writer -> source.read(table.name(), columns, values -> {
            for (int i = 0; i < values.length; i++) {
                boolean waits = later[i] && TableWriter.waits(self[i], values[i], values[id]);
                CopyText.value(writer, i, waits ? null : values[i]);
            }
            writer.write('\n');
        }));
    }

    @Override
    public long fillDeferred(BackupManifest.TableEntry table, Set<String> deferred, Set<String> selfReferences) throws Exception {
        List<BackupManifest.Column> columns = table.columns();
        int id = TableLoad.idIndex(table);
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (deferred.contains(columns.get(i).name())) {
                indexes.add(i);
            }
        }
        List<String> filled = indexes.stream().map(i -> quote(columns.get(i).name())).toList();
        String fill = quote("portico_fill_" + table.name());
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE " + fill + " ON COMMIT DROP AS SELECT id, "
                    + String.join(", ", filled) + " FROM " + quote(table.name()) + " WITH NO DATA");
            long rows = copy("portico_fill_" + table.name(), "id, " + String.join(", ", filled),
                    writer -> fillRows(writer, table, columns, id, indexes, selfReferences));
            statement.execute("ANALYZE " + fill);
            statement.executeUpdate("UPDATE " + quote(table.name()) + " AS t SET "
                    + filled.stream().map(c -> c + " = f." + c).collect(Collectors.joining(", "))
                    + " FROM " + fill + " AS f WHERE t.id = f.id");
            statement.execute("DROP TABLE " + fill);
            return rows;
        }
    }

    /** Writes the id and deferred values of each row that has a value waiting; returns how many. */
    private long fillRows(Writer writer, BackupManifest.TableEntry table, List<BackupManifest.Column> columns, int id,
                          List<Integer> indexes, Set<String> selfReferences) throws Exception {
        long[] rows = {0};
        source.read(table.name(), columns, values -> {
            boolean waits = false;
            for (int i : indexes) {
                waits |= values[i] != null
                        && TableWriter.waits(selfReferences.contains(columns.get(i).name()), values[i], values[id]);
            }
            if (waits) {
                CopyText.value(writer, 0, values[id]);
                for (int p = 0; p < indexes.size(); p++) {
                    CopyText.value(writer, p + 1, values[indexes.get(p)]);
                }
                writer.write('\n');
                rows[0]++;
            }
        });
        return rows[0];
    }

    @FunctionalInterface
    private interface Rows {
        long write(Writer writer) throws Exception;
    }

    /** One COPY into {@code table}: rows written by {@code rows}, cancelled if anything fails half-way. */
    private long copy(String table, String columns, Rows rows) throws Exception {
        CopyIn in = copy.copyIn("COPY " + quote(table) + " (" + columns + ") FROM STDIN");
        try {
            Writer writer = new OutputStreamWriter(new PGCopyOutputStream(in, BUFFER), StandardCharsets.UTF_8);
            long count = rows.write(writer);
            writer.flush();
            in.endCopy();
            return count;
        } catch (PSQLException e) {
            cancel(in, e);
            throw withoutRow(table, e);
        } catch (Exception e) {
            cancel(in, e);
            throw e;
        }
    }

    private static void cancel(CopyIn in, Exception failure) {
        if (in.isActive()) {
            try {
                in.cancelCopy();
            } catch (SQLException lost) {
                failure.addSuppressed(lost);
            }
        }
    }

    /**
     * The server's error without its context line, which quotes the whole row (password hashes, sealed
     * secrets) and so must not reach a message; the cause is left off for the same reason.
     */
    private static SQLException withoutRow(String table, PSQLException e) {
        ServerErrorMessage server = e.getServerErrorMessage();
        if (server == null) {
            return new SQLException("COPY into " + table + " failed: " + e.getMessage().lines().findFirst().orElse(""),
                    e.getSQLState());
        }
        String where = server.getWhere() == null ? "" : server.getWhere().replaceFirst("(?s):.*", "");
        return new SQLException("COPY into " + table + " failed: " + server.getMessage()
                + (server.getDetail() == null ? "" : " (" + server.getDetail() + ")")
                + (where.isEmpty() ? "" : " at " + where), e.getSQLState());
    }

    private static String names(List<BackupManifest.Column> columns) {
        return columns.stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    }

    private static String quote(String name) {
        return TargetTables.quote(DatabaseEngine.POSTGRESQL, name);
    }
}
