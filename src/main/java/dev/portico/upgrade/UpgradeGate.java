package dev.portico.upgrade;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.lifecycle.Lifecycle;
import dev.portico.lifecycle.MaintenanceMode;
import dev.portico.systemdb.AppliedMigration;
import dev.portico.systemdb.InstanceRecord;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.systemdb.SchemaContents;
import dev.portico.systemdb.SchemaState;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The check step of {@code portico upgrade}: what must hold before it writes anything. The schema is read
 * (database reachable, key canary, schema not newer than this binary, no failed migration), then, when
 * something is pending, {@code upgrade:check}'s plan against the release catalogue must say go: an action
 * required (exit 3) or a blocked upgrade (exit 4) stops here with the rows that say what to do. Reads only;
 * stateless.
 */
public final class UpgradeGate {
    /**
     * What the check found: the schema as it is, the instance row, and what was made by hand in the schema (a
     * rollback after a failed step drops it with the schema); {@link #upToDate()} when nothing is pending.
     */
    public record Readiness(SchemaState state, InstanceRecord instance, List<SchemaContents.SchemaObject> handMade) {
        public Readiness {
            handMade = List.copyOf(handMade);
        }

        public boolean upToDate() {
            return state.pending().isEmpty();
        }

        /** Whether the schema has the maintenance flag (older schemas cannot be taken down for the upgrade). */
        boolean hasMaintenance() {
            return state.current() >= MaintenanceMode.SINCE_SCHEMA;
        }

        String skippedMaintenance() {
            return "schema " + state.current() + " predates maintenance mode (schema " + MaintenanceMode.SINCE_SCHEMA
                    + "), so the Portico " + fromVersion() + " nodes serving it cannot answer 503: stop them before "
                    + "upgrading, or writes made meanwhile are lost if it is rolled back";
        }

        public List<MigrationCatalog.KnownMigration> pending() {
            return state.pending();
        }

        /** The Portico release that last migrated this database: the one a rollback point belongs to. */
        public String fromVersion() {
            return instance.porticoVersion();
        }
    }

    private UpgradeGate() {
    }

    /**
     * Runs the checks; a failure throws: database unreachable (exit 1), wrong key or a schema from a newer
     * Portico (exit 4), a database that is not set up or has a failed migration (exit 4), objects of other
     * schemas that depend on this one's, which a rollback would have to drop (exit 4).
     */
    public static Readiness check(Lifecycle lifecycle, UpgradePlanner planner, InstanceSurveyor surveyor) {
        SchemaState state = lifecycle.check();
        InstanceRecord instance = state.instance().orElseThrow(() -> new PorticoException(ErrorCode.REFUSED,
                "The system database is not set up, so there is nothing to upgrade. Run `portico setup` instead."));
        for (AppliedMigration failed : state.failed()) {
            throw new PorticoException(ErrorCode.REFUSED, "Migration " + failed.version() + " (" + failed.description()
                    + ") is recorded as failed, so the schema is in an unknown state and nothing was changed. Restore a "
                    + "backup (`portico rollback` if an upgrade made one), then run `portico upgrade` again.");
        }
        if (state.pending().isEmpty()) {
            return new Readiness(state, instance, List.of());
        }
        // a failed step is undone by emptying the schema: that must not reach into other schemas
        SchemaContents.Contents contents = lifecycle.contents();
        contents.requireNoDependentsElsewhere(lifecycle.describe(), "portico upgrade");
        requireGo(planner.plan(surveyor.survey(), Optional.empty()));
        return new Readiness(state, instance, contents.handMade());
    }

    /** Throws unless the plan says go, naming every row that needs something done. */
    static void requireGo(UpgradePlan plan) {
        UpgradePlan.Verdict verdict = plan.verdict();
        if (verdict == UpgradePlan.Verdict.GO) {
            return;
        }
        String rows = plan.actions().stream().map(row -> row.check() + ": " + row.detail())
                .collect(Collectors.joining("\n  ", "\n  ", ""));
        ErrorCode code = verdict == UpgradePlan.Verdict.BLOCKED ? ErrorCode.REFUSED : ErrorCode.CHECKS_FAILED;
        throw new PorticoException(code, "The upgrade check says " + verdict.label().replace('_', ' ')
                + ", so nothing was changed:" + rows + "\nDo what it says, then run `portico upgrade` again "
                + "(`portico upgrade:check` prints the whole plan).");
    }
}
