package dev.portico.systemdb;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
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
     * As {@link #migrateTo(int)}, on {@code connection} inside its open transaction, which the caller commits
     * or rolls back: the new schema and the caller's other work in that transaction land together or not at
     * all. PostgreSQL and SQLite only (MySQL/MariaDB commit each DDL statement).
     */
    public void migrateTo(int version, Connection connection) throws SQLException {
        if (database.engine() == DatabaseEngine.MYSQL) {
            throw new IllegalStateException("MySQL/MariaDB DDL cannot join a transaction");
        }
        EnlistedDataSource enlisted = new EnlistedDataSource(connection);
        try {
            flyway(org.flywaydb.core.api.MigrationVersion.fromVersion(Integer.toString(version)), enlisted).migrate();
        } catch (FlywayException e) {
            throw new SQLException("a migration to schema " + version + " failed: " + firstLine(e.getMessage()), e);
        }
        if (enlisted.rolledBack()) {
            throw new SQLException("the migrations to schema " + version + " rolled the transaction back");
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

    /** What emptying the schema dropped: how many tables, and every other object by name (see {@link SchemaContents}). */
    public record Emptied(int tables, List<SchemaContents.SchemaObject> handMade) {
        public Emptied {
            handMade = List.copyOf(handMade);
        }

        /** "16 tables" or "16 tables, and what Portico does not make: view public.v, function public.f()". */
        public String describe() {
            return tables + " table" + (tables == 1 ? "" : "s") + (handMade.isEmpty() ? ""
                    : ", and what Portico does not make: " + SchemaContents.names(handMade));
        }
    }

    /** What {@link #dropAll} would drop, and the objects of other schemas that keep it from doing so. Reads only. */
    public SchemaContents.Contents contents() {
        try (Connection connection = database.connect()) {
            return SchemaContents.read(connection, database.engine());
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Cannot read the schema of the " + database.describe()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Empties the system database's schema: every table, the migration history included (as Laravel's
     * migrate:fresh does), and every other object Flyway or a restore would trip over ({@link SchemaContents}).
     * Refuses before dropping anything when objects of other schemas depend on it. On PostgreSQL and SQLite in
     * one transaction, so a failure drops nothing; on MySQL/MariaDB each drop commits as it runs. {@code command}
     * is what a refusal tells the operator to run again (null: "the command").
     */
    public Emptied dropAll(String command) {
        boolean transactional = database.engine() != DatabaseEngine.MYSQL;
        try (Connection connection = database.connect()) {
            if (database.engine() == DatabaseEngine.SQLITE) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA foreign_keys = OFF"); // this connection's only; closed below
                }
            }
            connection.setAutoCommit(!transactional);
            try {
                Emptied emptied = dropAll(connection, command);
                if (transactional) {
                    connection.commit();
                }
                return emptied;
            } catch (SQLException | RuntimeException e) {
                if (transactional) {
                    connection.rollback();
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.FAILED, "Could not empty the schema of the " + database.describe()
                    + ": " + e.getMessage() + (transactional ? "; nothing was dropped. Fix what it names (drop the object "
                    + "by hand, or grant the drop), then run the command again." : "; what was dropped before the failure "
                    + "stays dropped (MySQL/MariaDB commit each drop). Fix what it names and run the command again, or "
                    + "`portico restore` a backup."), e);
        }
    }

    /**
     * As {@link #dropAll(String)}, on {@code connection}: inside the caller's open transaction on PostgreSQL and SQLite
     * (their DDL is transactional; on SQLite the caller turns {@code foreign_keys} off before opening it, since a
     * table dropped with them on is first emptied row by row against tables already gone), statement by statement
     * on MySQL/MariaDB. Fails when anything is left that a drop should have taken.
     */
    public Emptied dropAll(Connection connection, String command) throws SQLException {
        DatabaseEngine engine = database.engine();
        SchemaContents.Contents contents = SchemaContents.read(connection, engine);
        contents.requireNoDependentsElsewhere(database.describe(), command);
        try (Statement statement = connection.createStatement()) {
            if (engine == DatabaseEngine.MYSQL) {
                statement.execute("SET FOREIGN_KEY_CHECKS = 0");
            }
            try {
                for (SchemaContents.SchemaObject object : contents.objects()) {
                    if (object.drop() != null) {
                        statement.execute(object.drop());
                    }
                }
                if (engine == DatabaseEngine.SQLITE) {
                    // ANALYZE's statistics tables (not listed as tables) would make Flyway see a non-empty schema
                    statement.execute("DROP TABLE IF EXISTS sqlite_stat1");
                    statement.execute("DROP TABLE IF EXISTS sqlite_stat4");
                }
            } finally {
                if (engine == DatabaseEngine.MYSQL) {
                    statement.execute("SET FOREIGN_KEY_CHECKS = 1");
                }
            }
        }
        List<SchemaContents.SchemaObject> left = SchemaContents.list(connection, engine);
        if (!left.isEmpty()) {
            throw new SQLException("after the drops the schema still holds " + left);
        }
        int tables = (int) contents.objects().stream().filter(SchemaContents.SchemaObject::table).count();
        return new Emptied(tables, contents.handMade());
    }

    private Flyway flyway() {
        return flyway(org.flywaydb.core.api.MigrationVersion.LATEST);
    }

    private Flyway flyway(org.flywaydb.core.api.MigrationVersion target) {
        return flyway(target, database.pool());
    }

    private Flyway flyway(org.flywaydb.core.api.MigrationVersion target, javax.sql.DataSource source) {
        return Flyway.configure()
                .target(target)
                .dataSource(source)
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
