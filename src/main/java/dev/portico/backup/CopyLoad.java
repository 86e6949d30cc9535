package dev.portico.backup;

import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.SQLException;
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
 * same constraints inside the caller's transaction. The foreign keys are dropped for the load and checked
 * at its end ({@link DeferredKeys}), so every value goes in at once and no column waits. Rows go in frozen
 * ({@code FREEZE}), which PostgreSQL allows only into a table emptied or created in the same transaction:
 * {@link RestoreLoad} truncates every table first. Not thread-safe.
 */
final class CopyLoad implements TableWriter {
    private static final int BUFFER = 1 << 16;

    private final CopyManager copy;
    private final RowSource source;

    CopyLoad(Connection connection, RowSource source) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        this.source = source;
    }

    @Override
    public long insert(BackupManifest.TableEntry table, Set<String> deferred, Set<String> selfReferences) throws Exception {
        if (!deferred.isEmpty()) {
            throw new IllegalStateException("a PostgreSQL load defers no column: its foreign keys wait (DeferredKeys)");
        }
        List<BackupManifest.Column> columns = table.columns();
        return copy(table.name(), names(columns), text -> source.read(table.name(), columns, text::row));
    }

    /** Never called: the foreign keys of a PostgreSQL load are dropped until its end, so no column waits. */
    @Override
    public long fillDeferred(BackupManifest.TableEntry table, Set<String> deferred, Set<String> selfReferences) {
        throw new IllegalStateException("a PostgreSQL load defers no column: its foreign keys wait (DeferredKeys)");
    }

    @FunctionalInterface
    private interface Rows {
        long write(CopyText text) throws Exception;
    }

    /** One COPY into {@code table}: rows written by {@code rows}, cancelled if anything fails half-way. */
    private long copy(String table, String columns, Rows rows) throws Exception {
        CopyIn in = copy.copyIn("COPY " + quote(table) + " (" + columns + ") FROM STDIN WITH (FREEZE)");
        try {
            CopyText text = new CopyText(new PGCopyOutputStream(in, BUFFER), false);
            long count = rows.write(text);
            text.flush();
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
