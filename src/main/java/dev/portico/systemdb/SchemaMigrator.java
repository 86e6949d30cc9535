package dev.portico.systemdb;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies and removes the system schema with Flyway. Callers hold the {@link MigrationLock} and
 * have already run the safety checks; this class only does the schema work.
 */
public final class SchemaMigrator {
    private final SystemDatabase database;

    public SchemaMigrator(SystemDatabase database) {
        this.database = database;
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

    /** Drops every object in the system database's schema, the migration history included. */
    public void dropAll() {
        try {
            flyway().clean();
        } catch (FlywayException e) {
            throw new PorticoException(ErrorCode.FAILED, "Could not drop the tables of the " + database.describe()
                    + ": " + firstLine(e.getMessage()), e);
        }
    }

    private Flyway flyway() {
        return Flyway.configure()
                .dataSource(database.pool())
                .locations("classpath:" + MigrationCatalog.folder(database.engine()))
                .table(SchemaInspector.HISTORY_TABLE)
                .cleanDisabled(false)
                .validateMigrationNaming(true)
                .loggers("slf4j")
                .load();
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
