package dev.portico.systemdb;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ErrorDetails;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Applies and removes the system schema with Flyway. Callers hold the {@link MigrationLock} and
 * have already run the safety checks; this class only does the schema work.
 */
public final class SchemaMigrator {
    private final SystemDatabase database;

    public SchemaMigrator(SystemDatabase database) {
        this.database = database;
    }

    /**
     * Loads Flyway's plugins and classes on a background thread while the caller does other
     * start-up work; a first migration then starts sooner. Keeps nothing.
     */
    public static void warmUp(DatabaseEngine engine) {
        Thread thread = new Thread(() -> Flyway.configure().locations("classpath:" + MigrationCatalog.folder(engine)),
                "portico-flyway-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** Applies every pending migration; returns how many were applied. */
    public int migrate() {
        try {
            MigrateResult result = flyway().migrate();
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new PorticoException(ErrorCode.FAILED, "A migration failed on the " + database.describe() + ": "
                    + firstLine(e.getMessage()) + "\nThe failed migration was rolled back where the engine allows it; "
                    + "see storage/logs for the full report, then run `portico migrate:status`.", e);
        }
    }

    /** Applies the pending migrations up to and including {@code version} only (a restore loads data of that schema). */
    public int migrateTo(int version) {
        try {
            return flyway(org.flywaydb.core.api.MigrationVersion.fromVersion(Integer.toString(version)))
                    .migrate().migrationsExecuted;
        } catch (FlywayException e) {
            throw new PorticoException(ErrorCode.FAILED, "A migration failed on the " + database.describe() + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Flyway's validation of the applied migrations against the ones in this build, pending and newer
     * ones aside (other checks report those): one line per applied migration whose checksum,
     * description or type changed, or that this build no longer has. Empty when all match. Reads only.
     */
    public List<String> changedMigrations() {
        try {
            ValidateResult result = Flyway.configure()
                    .dataSource(database.pool())
                    .locations(locations())
                    .table(SchemaInspector.HISTORY_TABLE)
                    .ignoreMigrationPatterns("*:pending", "*:future")
                    .loggers("slf4j")
                    .load()
                    .validateWithResult();
            List<String> changed = new ArrayList<>();
            for (ValidateOutput invalid : result.invalidMigrations) {
                changed.add("migration " + invalid.version + " (" + invalid.description + "): "
                        + describe(invalid.errorDetails));
            }
            if (changed.isEmpty() && !result.validationSuccessful && result.errorDetails != null) {
                changed.add(describe(result.errorDetails));
            }
            return changed;
        } catch (FlywayException e) {
            throw new PorticoException(ErrorCode.FAILED, "Could not validate the migration history of the "
                    + database.describe() + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String describe(ErrorDetails details) {
        String code = details.errorCode == null ? "" : details.errorCode.toString();
        return switch (code) {
            case "CHECKSUM_MISMATCH" -> "its checksum in " + SchemaInspector.HISTORY_TABLE + " ("
                    + checksum(details.errorMessage, "Applied to database") + ") differs from this build's script's ("
                    + checksum(details.errorMessage, "Resolved locally")
                    + "): the migration or its history row was edited after it ran";
            case "DESCRIPTION_MISMATCH" -> "its description differs from this build's script";
            case "TYPE_MISMATCH" -> "its type differs from this build's script";
            case "APPLIED_REPEATABLE_MIGRATION_NOT_RESOLVED", "APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED" ->
                    "applied, but this build has no such script";
            default -> firstLine(details.errorMessage);
        };
    }

    /**
     * Drops every table in the system database's schema, the migration history included (as
     * Laravel's migrate:fresh does). Foreign-key checks are off for the connection meanwhile so the
     * order does not matter.
     */
    public int dropAll() {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            DatabaseMetaData meta = connection.getMetaData();
            String schema = database.engine() == DatabaseEngine.POSTGRESQL ? connection.getSchema() : null;
            try (ResultSet rows = meta.getTables(connection.getCatalog(), schema, "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            switch (database.engine()) {
                case SQLITE -> statement.execute("PRAGMA foreign_keys = OFF");
                case MYSQL -> statement.execute("SET FOREIGN_KEY_CHECKS = 0");
                case POSTGRESQL -> { }
            }
            for (String table : tables) {
                if (!table.startsWith("sqlite_")) {
                    String quote = database.engine() == DatabaseEngine.MYSQL ? "`" : "\"";
                    statement.execute("DROP TABLE IF EXISTS " + quote + table.replace(quote, quote + quote) + quote
                            + (database.engine() == DatabaseEngine.POSTGRESQL ? " CASCADE" : ""));
                }
            }
            if (database.engine() == DatabaseEngine.MYSQL) {
                statement.execute("SET FOREIGN_KEY_CHECKS = 1");
            }
            if (database.engine() == DatabaseEngine.SQLITE) {
                // ANALYZE's statistics tables (not listed as tables) would make Flyway see a non-empty schema
                statement.execute("DROP TABLE IF EXISTS sqlite_stat1");
                statement.execute("DROP TABLE IF EXISTS sqlite_stat4");
            }
            return tables.size();
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.FAILED, "Could not drop the tables of the " + database.describe()
                    + ": " + e.getMessage(), e);
        }
    }

    private Flyway flyway() {
        return flyway(org.flywaydb.core.api.MigrationVersion.LATEST);
    }

    private Flyway flyway(org.flywaydb.core.api.MigrationVersion target) {
        return Flyway.configure()
                .target(target)
                .dataSource(database.pool())
                .locations(locations())
                .table(SchemaInspector.HISTORY_TABLE)
                .cleanDisabled(true)
                .validateMigrationNaming(true)
                .loggers("slf4j")
                .load();
    }

    /** A checksum Flyway's message gives on a line "label : number", or "?" when its wording changes. */
    private static String checksum(String message, String label) {
        Matcher match = Pattern.compile(label + "\\s*:\\s*(-?\\d+)")
                .matcher(String.valueOf(message));
        return match.find() ? match.group(1) : "?";
    }

    /** This build's migrations, and the test-only folder when one is set ({@link MigrationCatalog#TEST_MIGRATIONS_PROPERTY}). */
    private String[] locations() {
        String shipped = "classpath:" + MigrationCatalog.folder(database.engine());
        return MigrationCatalog.testFolder(database.engine())
                .map(extra -> new String[] {shipped, "filesystem:" + extra})
                .orElse(new String[] {shipped});
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }
}
