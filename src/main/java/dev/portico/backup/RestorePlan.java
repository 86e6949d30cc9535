package dev.portico.backup;

import java.nio.file.Path;
import java.util.List;

/**
 * What a restore (or clone) will do, once every check has passed: the archive (null for a clone, whose
 * manifest describes the live source) and its manifest, the target database and its server version,
 * whether the target's rows are replaced ({@code --force}) or it is loaded empty, and the free-space
 * estimate per disk.
 */
public record RestorePlan(Path file, BackupManifest manifest, String target, String targetEngine,
                          int targetSchemaBefore, long targetRowsBefore, int latestSchema, String targetServer,
                          List<String> space) {
    public RestorePlan {
        space = List.copyOf(space);
    }

    /** The target held Portico rows that the restore deletes first. */
    public boolean replacesData() {
        return targetRowsBefore > 0;
    }

    /** The same plan for a target whose schema was just dropped and built again: there is nothing to delete. */
    RestorePlan ontoEmptiedSchema() {
        return new RestorePlan(file, manifest, target, targetEngine, targetSchemaBefore, 0, latestSchema, targetServer,
                space);
    }

    /** The archive's schema is older than this build's: migrated forward after the load. */
    public boolean migratesForward() {
        return manifest.schemaVersion() < latestSchema;
    }
}
