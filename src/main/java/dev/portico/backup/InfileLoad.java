package dev.portico.backup;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads tables into MySQL/MariaDB with {@code LOAD DATA LOCAL INFILE}, fed from a stream the driver sends
 * while a second thread reads and formats the rows ({@link ProducedStream}, {@link CopyText}): one statement
 * per table instead of batches of INSERTs, inside the caller's transaction (InnoDB's LOAD DATA is
 * transactional). With LOCAL the server turns what would be an error (a duplicate key, a value that does not
 * fit) into a warning and skips the row, so every table must come back with as many rows as were sent and
 * no warning, or the load fails. Foreign keys are checked at the end ({@link ReferenceCheck}), so no column
 * waits. Not thread-safe.
 */
final class InfileLoad implements TableWriter {
    /** Warnings quoted in a failure. */
    private static final int SHOWN = 3;
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    private final Connection connection;
    private final RowSource source;

    InfileLoad(Connection connection, RowSource source) {
        this.connection = connection;
        this.source = source;
    }

    /** Whether the server takes LOAD DATA LOCAL (MySQL 8 turns it off by default, MariaDB on). */
    static boolean accepted(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT @@local_infile")) {
            return rows.next() && rows.getInt(1) == 1;
        }
    }

    /**
     * Whether, with {@code unique_checks} off, the server loads an empty table in bulk and builds its keys once
     * at the end while still refusing a duplicate: MariaDB 10.11.11+, 11.4.5+ and 11.7.2+ (older releases could
     * abort a large load in that mode when the temporary folder filled up; MySQL would skip the check instead).
     */
    static boolean buildsKeysAtEnd(Connection connection) throws SQLException {
        String version;
        try (Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT @@version")) {
            rows.next();
            version = rows.getString(1);
        }
        Matcher numbers = VERSION.matcher(version);
        if (!version.contains("MariaDB") || !numbers.lookingAt()) {
            return false;
        }
        int release = Integer.parseInt(numbers.group(1)) * 10_000 + Integer.parseInt(numbers.group(2)) * 100
                + Integer.parseInt(numbers.group(3));
        return release >= 11_07_02 || (release >= 11_04_05 && release < 11_05_00)
                || (release >= 10_11_11 && release < 10_12_00);
    }

    @Override
    public long insert(BackupManifest.TableEntry table, Set<String> deferred, Set<String> selfReferences) throws Exception {
        if (!deferred.isEmpty()) {
            throw new IllegalStateException("a MySQL/MariaDB load defers no column: its foreign keys are checked at the end");
        }
        List<BackupManifest.Column> columns = table.columns();
        String sql = "LOAD DATA LOCAL INFILE 'portico-" + table.name() + ".tsv' INTO TABLE " + quote(table.name())
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
                + columns.stream().map(column -> quote(column.name())).collect(Collectors.joining(", ")) + ")";
        try (ProducedStream rows = new ProducedStream(out -> {
                 CopyText text = new CopyText(out);
                 long count = source.read(table.name(), columns, text::row);
                 text.flush();
                 return count;
             }, "portico-load-" + table.name());
             Statement statement = connection.createStatement()) {
            statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(rows);
            long loaded;
            try {
                loaded = statement.executeLargeUpdate(sql);
            } catch (SQLException e) {
                rows.close();
                Exception own = rows.failure(); // a damaged archive says so, whatever the server made of its end
                if (own != null) {
                    own.addSuppressed(e);
                    throw own;
                }
                throw explained(table.name(), e);
            }
            long sent = rows.result();
            List<String> warnings = warnings(statement.getWarnings());
            if (loaded != sent || !warnings.isEmpty()) {
                throw new SQLException("LOAD DATA into " + table.name() + " took " + loaded + " of the " + sent
                        + " rows sent" + (warnings.isEmpty() ? "" : ", with warnings: " + String.join("; ", warnings)));
            }
            return sent;
        }
    }

    /** Never called: the foreign keys of a MySQL/MariaDB load are checked at its end, so no column waits. */
    @Override
    public long fillDeferred(BackupManifest.TableEntry table, Set<String> deferred, Set<String> selfReferences) {
        throw new IllegalStateException("a MySQL/MariaDB load defers no column: its foreign keys are checked at the end");
    }

    private static List<String> warnings(SQLWarning warning) {
        List<String> messages = new ArrayList<>();
        for (; warning != null && messages.size() < SHOWN; warning = warning.getNextWarning()) {
            messages.add(warning.getMessage());
        }
        return messages;
    }

    /** MariaDB's bulk load reports a duplicate in a unique key as error 1180 from the storage engine. */
    private static SQLException explained(String table, SQLException e) {
        if (e.getErrorCode() != 1180) {
            return e;
        }
        return new SQLException("LOAD DATA into " + table + " failed: " + e.getMessage() + " (MariaDB reports a "
                + "duplicate value in a unique key this way when it builds the keys at the end of a bulk load)",
                e.getSQLState(), e.getErrorCode(), e);
    }

    private static String quote(String name) {
        return TargetTables.quote(dev.portico.config.DatabaseEngine.MYSQL, name);
    }
}
