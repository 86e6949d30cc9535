package dev.portico.systemdb;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the migration history and the instance row with plain JDBC (no Flyway start-up cost). */
public final class SchemaInspector {
    static final String HISTORY_TABLE = "flyway_schema_history";

    private SchemaInspector() {
    }

    public static SchemaState inspect(Connection connection, MigrationCatalog catalog) {
        try {
            if (!tableExists(connection, HISTORY_TABLE)) {
                return new SchemaState(false, List.of(), catalog, Optional.empty());
            }
            List<AppliedMigration> applied = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT version, description, script, checksum, installed_on, execution_time, success FROM "
                            + HISTORY_TABLE + " WHERE version IS NOT NULL ORDER BY installed_rank");
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int checksum = rows.getInt(4);
                    Integer storedChecksum = rows.wasNull() ? null : checksum;
                    applied.add(new AppliedMigration(versionNumber(rows.getString(1)), rows.getString(2),
                            rows.getString(3), storedChecksum, rows.getString(5), rows.getInt(6), rows.getBoolean(7)));
                }
            }
            return new SchemaState(true, applied, catalog, instance(connection));
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE,
                    "Cannot read the migration history of the system database: " + e.getMessage(), e);
        }
    }

    private static Optional<InstanceRecord> instance(Connection connection) throws SQLException {
        if (!tableExists(connection, "instance")) {
            return Optional.empty();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT instance_id, key_canary, portico_version FROM instance WHERE id = 1");
             ResultSet rows = statement.executeQuery()) {
            return rows.next()
                    ? Optional.of(new InstanceRecord(rows.getString(1), rows.getString(2), rows.getString(3)))
                    : Optional.empty();
        }
    }

    static boolean tableExists(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String catalog = connection.getCatalog();
        String schema = meta.getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres") ? connection.getSchema() : null;
        try (ResultSet tables = meta.getTables(catalog, schema, table, new String[] {"TABLE"})) {
            return tables.next();
        }
    }

    private static int versionNumber(String version) {
        try {
            return Integer.parseInt(version.strip());
        } catch (NumberFormatException e) {
            throw new PorticoException(ErrorCode.FAILED, "The migration history holds version '" + version
                    + "', which is not a Portico schema version. Is this database shared with another application?");
        }
    }
}
