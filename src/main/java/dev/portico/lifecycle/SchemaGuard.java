package dev.portico.lifecycle;

import dev.portico.BuildInfo;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.KeyCanary;
import dev.portico.systemdb.AppliedMigration;
import dev.portico.systemdb.SchemaState;
import java.util.Optional;
import java.util.stream.Collectors;

/** The checks that run before anything is written to a system database. */
public final class SchemaGuard {
    private SchemaGuard() {
    }

    /** The key must be present and, once the database is sealed, be the key it was sealed with. */
    public static AppKey requireKey(Optional<AppKey> key, SchemaState state) {
        if (key.isEmpty()) {
            String sealed = state.instance().map(i -> " This database was sealed with key "
                    + KeyCanary.fingerprintOf(i.keyCanary()) + ": restore the .env that belongs to it.").orElse(
                    " Run `portico key:generate` to create one.");
            throw new PorticoException(ErrorCode.REFUSED, "APP_KEY is not set." + sealed);
        }
        state.instance().ifPresent(instance -> KeyCanary.check(key.get(), instance.keyCanary()));
        return key.get();
    }

    /** Refuses a database migrated by a newer Portico, which this build would damage. */
    static void requireNotNewer(SchemaState state, BuildInfo build) {
        if (!state.unknownApplied().isEmpty()) {
            String versions = state.unknownApplied().stream().map(a -> String.valueOf(a.version()))
                    .collect(Collectors.joining(", "));
            String by = state.instance().map(i -> " by Portico " + i.porticoVersion()).orElse("");
            throw new PorticoException(ErrorCode.REFUSED, "This system database was migrated" + by
                    + " to schema version(s) " + versions + ", newer than this Portico " + build.version()
                    + " knows (latest " + state.latest() + "). Run that Portico release or newer, or restore a "
                    + "backup made by this one.");
        }
        state.instance().ifPresent(instance -> {
            if (BuildInfo.compareVersions(instance.porticoVersion(), build.version()) > 0) {
                throw new PorticoException(ErrorCode.REFUSED, "This system database was last migrated by Portico "
                        + instance.porticoVersion() + ", newer than this Portico " + build.version()
                        + ". Run Portico " + instance.porticoVersion() + " or newer.");
            }
        });
    }

    /** A failed migration in the history needs a person before anything else runs. */
    static void requireNoFailedMigration(SchemaState state) {
        for (AppliedMigration failed : state.failed()) {
            throw new PorticoException(ErrorCode.REFUSED, "Migration " + failed.version() + " (" + failed.description()
                    + ") failed earlier and is recorded as failed. Restore a backup, or repair the schema by hand and "
                    + "delete its row from flyway_schema_history, then run `portico migrate` again.");
        }
    }
}
