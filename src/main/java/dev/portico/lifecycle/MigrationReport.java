package dev.portico.lifecycle;

/** What one migrate run did: schema versions before and after, migrations applied, seed rows added. */
public record MigrationReport(int fromVersion, int toVersion, int applied, int seeded, boolean createdInstance,
                              long millis) {
    public String summary() {
        return applied == 0 ? "Nothing to migrate: schema is at version " + toVersion + "."
                : "Applied " + applied + " migration(s): schema " + fromVersion + " -> " + toVersion
                + " in " + millis + " ms.";
    }
}
