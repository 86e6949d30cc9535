package dev.portico.backup;

import dev.portico.config.DatabaseEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Loads tables into PostgreSQL with {@code COPY … FROM STDIN}, streaming rows from a {@link RowSource} in
 * COPY's binary format ({@link CopyBinary}, each value in its column's type, read from the target): one
 * statement per table instead of one INSERT per row, with the same constraints inside the caller's
 * transaction. The foreign keys are dropped for the load and checked at its end ({@link DeferredKeys}), so
 * every value goes in at once and no column waits. Rows go in frozen ({@code FREEZE}), which PostgreSQL
 * allows only into a table emptied or created in the same transaction: {@link RestoreLoad} truncates every
 * table first. Not thread-safe.
 */
final class CopyLoad implements TableWriter {
    private static final String TYPES = "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
            + "WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped";

    private final Connection connection;
    private final CopyManager copy;
    private final RowSource source;

    CopyLoad(Connection connection, RowSource source) throws SQLException {
        this.connection = connection;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        this.source = source;
    }

    /** One COPY into the table: rows streamed from the source, cancelled if anything fails half-way. */
    @Override
    public long insert(BackupManifest.TableEntry table, Set<String> deferred, Set<String> selfReferences) throws Exception {
        if (!deferred.isEmpty()) {
            throw new IllegalStateException("a PostgreSQL load defers no column: its foreign keys wait (DeferredKeys)");
        }
        List<BackupManifest.Column> columns = table.columns();
        List<String> names = columns.stream().map(BackupManifest.Column::name).toList();
        List<CopyBinary.Kind> kinds = kinds(table.name(), names);
        CopyIn in = copy.copyIn("COPY " + quote(table.name()) + " (" + names.stream().map(CopyLoad::quote)
                .collect(Collectors.joining(", ")) + ") FROM STDIN WITH (FORMAT binary, FREEZE)");
        try {
            CopyBinary out = new CopyBinary(new CopyStream(in, table.name()), table.name(), names, kinds);
            long count = source.read(table.name(), columns, out::row);
            out.finish();
            in.endCopy();
            return count;
        } catch (PSQLException e) {
            cancel(in, e);
            throw withoutRow(table.name(), e);
        } catch (Exception e) {
            cancel(in, e);
            throw e;
        }
    }

    /** Never called: the foreign keys of a PostgreSQL load are dropped until its end, so no column waits. */
    @Override
    public long fillDeferred(BackupManifest.TableEntry table, Set<String> deferred, Set<String> selfReferences) {
        throw new IllegalStateException("a PostgreSQL load defers no column: its foreign keys wait (DeferredKeys)");
    }

    /** The target's type of each of {@code columns}, which binary COPY must match exactly (int4 is 4 bytes). */
    private List<CopyBinary.Kind> kinds(String table, List<String> columns) throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(TYPES)) {
            query.setString(1, quote(table));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    types.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        List<CopyBinary.Kind> kinds = new ArrayList<>();
        for (String column : columns) {
            String type = types.get(column);
            if (type == null) {
                throw new SQLException("the target's table " + table + " has no column " + column);
            }
            kinds.add(CopyBinary.Kind.of(table, column, type));
        }
        return kinds;
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

    private static String quote(String name) {
        return TargetTables.quote(DatabaseEngine.POSTGRESQL, name);
    }

    /**
     * Hands CopyBinary's 64 KiB chunks straight to the driver (no second buffer). A server error reported
     * while writing keeps its message but loses its context line, as {@link #withoutRow} explains.
     */
    private static final class CopyStream extends OutputStream {
        private final CopyIn in;
        private final String table;

        CopyStream(CopyIn in, String table) {
            this.in = in;
            this.table = table;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                in.writeToCopy(bytes, offset, length);
            } catch (SQLException e) {
                SQLException safe = e instanceof PSQLException server ? withoutRow(table, server)
                        : new SQLException(e.getMessage(), e.getSQLState());
                throw new IOException(safe.getMessage(), safe);
            }
        }
    }
}
