package dev.portico.systemdb;

/** One row of the migration history as the database recorded it. */
public record AppliedMigration(int version, String description, String script, Integer checksum,
                               String installedOn, int executionMillis, boolean success) {
}
