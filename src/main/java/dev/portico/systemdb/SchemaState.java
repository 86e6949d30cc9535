package dev.portico.systemdb;

import java.util.List;
import java.util.Optional;

/**
 * What the system database holds against what this build ships: the applied history, the known
 * migrations, and the instance row when there is one.
 */
public record SchemaState(boolean initialized, List<AppliedMigration> applied, MigrationCatalog catalog,
                          Optional<InstanceRecord> instance) {
    public SchemaState {
        applied = List.copyOf(applied);
    }

    /** The highest successfully applied version, 0 for an empty database. */
    public int current() {
        return applied.stream().filter(AppliedMigration::success).mapToInt(AppliedMigration::version).max().orElse(0);
    }

    public int latest() {
        return catalog.latest();
    }

    public List<MigrationCatalog.KnownMigration> pending() {
        return catalog.migrations().stream()
                .filter(known -> applied.stream().noneMatch(a -> a.success() && a.version() == known.version()))
                .toList();
    }

    /** Applied versions this build does not know: the database was migrated by a newer Portico. */
    public List<AppliedMigration> unknownApplied() {
        return applied.stream().filter(a -> !catalog.knows(a.version())).toList();
    }

    public List<AppliedMigration> failed() {
        return applied.stream().filter(a -> !a.success()).toList();
    }
}
