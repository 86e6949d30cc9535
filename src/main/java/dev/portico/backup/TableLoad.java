package dev.portico.backup;

import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads one table into SQLite or MySQL/MariaDB with batched INSERTs, streaming from a {@link RowSource}
 * (an archive, or a live database for a clone), and fills the deferred columns with batched UPDATEs; see
 * {@link TableWriter}. Not thread-safe.
 */
final class TableLoad implements TableWriter {
    /** Rows per INSERT batch: fewer round trips than 500 (MariaDB restore ~25 % faster at 1M rows). */
    static final int BATCH = 5000;
    /** ...unless their text passes this many characters first, so a batch of long scripts stays small. */
    static final long BATCH_CHARS = 4_000_000;
    /** Rows per UPDATE batch of the second pass. */
    static final int UPDATE_BATCH = 500;

    private final Connection connection;
    private final DatabaseEngine engine;
    private final RowSource source;

    TableLoad(Connection connection, DatabaseEngine engine, RowSource source) {
        this.connection = connection;
        this.engine = engine;
        this.source = source;
    }

    @Override
    public long insert(BackupManifest.TableEntry table, Set<String> deferred, Set<String> selfReferences) throws Exception {
        List<BackupManifest.Column> columns = table.columns();
        int id = deferred.isEmpty() ? -1 : idIndex(table);
        String sql = "INSERT INTO " + TargetTables.quote(engine, table.name()) + " ("
                + columns.stream().map(c -> TargetTables.quote(engine, c.name())).collect(Collectors.joining(", "))
                + ") VALUES (" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            long[] pending = {0, 0}; // rows, characters of text
            long rows = source.read(table.name(), columns, values -> {
                for (int i = 0; i < columns.size(); i++) {
                    BackupManifest.Column column = columns.get(i);
                    boolean later = deferred.contains(column.name())
                            && TableWriter.waits(selfReferences.contains(column.name()), values[i], values[id]);
                    bind(insert, i + 1, column.type(), later ? null : values[i]);
                    pending[1] += values[i] instanceof String text ? text.length() : 8;
                }
                insert.addBatch();
                if (++pending[0] == BATCH || pending[1] >= BATCH_CHARS) {
                    insert.executeBatch();
                    pending[0] = 0;
                    pending[1] = 0;
                }
            });
            if (pending[0] > 0) {
                insert.executeBatch();
            }
            return rows;
        }
    }

    @Override
    public long fillDeferred(BackupManifest.TableEntry table, Set<String> deferred, Set<String> selfReferences) throws Exception {
        List<BackupManifest.Column> columns = table.columns();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (deferred.contains(columns.get(i).name())) {
                indexes.add(i);
            }
        }
        int id = idIndex(table);
        String sql = "UPDATE " + TargetTables.quote(engine, table.name()) + " SET "
                + indexes.stream().map(i -> TargetTables.quote(engine, columns.get(i).name()) + " = ?")
                        .collect(Collectors.joining(", ")) + " WHERE id = ?";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            long[] counts = {0, 0};
            source.read(table.name(), columns, values -> {
                if (indexes.stream().allMatch(i -> values[i] == null
                        || !TableWriter.waits(selfReferences.contains(columns.get(i).name()), values[i], values[id]))) {
                    return;
                }
                for (int p = 0; p < indexes.size(); p++) {
                    bind(update, p + 1, columns.get(indexes.get(p)).type(), values[indexes.get(p)]);
                }
                update.setLong(indexes.size() + 1, (Long) values[id]);
                update.addBatch();
                counts[1]++;
                if (++counts[0] == UPDATE_BATCH) {
                    update.executeBatch();
                    counts[0] = 0;
                }
            });
            if (counts[0] > 0) {
                update.executeBatch();
            }
            return counts[1];
        }
    }

    static int idIndex(BackupManifest.TableEntry table) {
        for (int i = 0; i < table.columns().size(); i++) {
            if (table.columns().get(i).name().equals("id") && table.columns().get(i).type() == ColumnType.INTEGER) {
                return i;
            }
        }
        throw new IllegalStateException("table " + table.name() + " has no integer id column");
    }

    private void bind(PreparedStatement statement, int index, ColumnType type, Object value) throws SQLException {
        boolean sqlite = engine == DatabaseEngine.SQLITE;
        if (value == null) {
            statement.setNull(index, switch (type) {
                case INTEGER -> Types.BIGINT;
                case BOOLEAN -> sqlite ? Types.INTEGER : Types.BOOLEAN;
                case TEXT -> Types.VARCHAR;
                case TIMESTAMP -> sqlite ? Types.VARCHAR : Types.TIMESTAMP;
            });
            return;
        }
        switch (type) {
            case INTEGER -> statement.setLong(index, (Long) value);
            case BOOLEAN -> {
                if (sqlite) {
                    statement.setInt(index, (Boolean) value ? 1 : 0);
                } else {
                    statement.setBoolean(index, (Boolean) value);
                }
            }
            case TEXT -> statement.setString(index, (String) value);
            case TIMESTAMP -> {
                if (sqlite) {
                    statement.setString(index, (String) value);
                } else {
                    statement.setObject(index, LocalDateTime.parse(((String) value).replace(' ', 'T')));
                }
            }
        }
    }
}
