package dev.portico.upgrade;

import dev.portico.BuildInfo;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.backup.DiskSpace;
import dev.portico.systemdb.AppliedMigration;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.systemdb.SchemaState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plans an upgrade of one surveyed instance to a release of the catalogue (by default this build):
 * the versions and schema on both sides, the migrations to apply, the upgrade stops on the way, the
 * breaking changes that touch what the instance uses, the Java runtime, the key and the room for a
 * backup. Prints nothing and writes nothing; {@code upgrade:check} renders the plan and {@code upgrade}
 * can follow it. Thread-safe.
 */
public final class UpgradePlanner {
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)*");

    private final ReleaseCatalogue catalogue;
    private final String buildVersion;

    public UpgradePlanner(ReleaseCatalogue catalogue, String buildVersion) {
        this.catalogue = catalogue;
        this.buildVersion = buildVersion;
    }

    /**
     * The release to upgrade to: {@code requested}, or this build when none is; a version the catalogue
     * does not list is a usage error naming the ones it does.
     */
    public Release target(Optional<String> requested) {
        String version = requested.map(String::strip).orElse(buildVersion);
        return catalogue.find(version).orElseThrow(() -> new PorticoException(ErrorCode.BAD_REQUEST,
                (requested.isPresent() ? "Unknown release " + version : "This Portico " + version + " is not in the "
                        + "release catalogue") + ": " + catalogue.source() + " lists " + String.join(", ",
                        catalogue.versions()) + ". Give --to one of them."));
    }

    public UpgradePlan plan(InstanceSurvey survey, Optional<String> requested) {
        Release target = target(requested);
        Optional<SchemaState> schema = survey.schema().filter(SchemaState::initialized);
        if (schema.isEmpty()) {
            return new UpgradePlan("none", 0, target.version(), target.schema(), "none: not set up", List.of(
                    new UpgradePlan.Row("versions", UpgradePlan.Status.ACTION, "There is no system database yet, so "
                            + "there is nothing to upgrade. Run `portico setup` with Portico " + target.version()
                            + " to create one.")));
        }
        SchemaState state = schema.get();
        boolean thisBuild = target.version().equals(buildVersion);
        int toSchema = thisBuild ? state.latest() : target.schema();
        String from = fromVersion(survey, state);
        List<UpgradePlan.Row> rows = new ArrayList<>();
        Optional<UpgradePlan.Row> refused = refusal(state, from, target, toSchema);
        if (refused.isPresent()) {
            return new UpgradePlan(from, state.current(), target.version(), toSchema, "none: refused", List.of(refused.get()));
        }
        rows.add(new UpgradePlan.Row("versions", UpgradePlan.Status.OK, "last migrated by Portico " + from
                + " (schema " + state.current() + "); target Portico " + target.version() + " (schema " + toSchema + ")"
                + (thisBuild ? ", this binary" : "; this binary is " + buildVersion)));
        rows.add(survey.keyProblem().map(problem -> new UpgradePlan.Row("key", UpgradePlan.Status.BLOCKED, problem))
                .orElse(new UpgradePlan.Row("key", UpgradePlan.Status.OK, "APP_KEY opens this database")));
        rows.add(java(survey.java(), target));
        int migrations = migrations(state, thisBuild, toSchema, rows);
        rows.add(stops(from, target));
        List<Release> passed = catalogue.between(from, target.version());
        rows.addAll(new ChangeChecks(passed, survey).rows(from, target.version()));
        survey.backup().ifPresent(room -> rows.add(backupSpace(room)));
        return new UpgradePlan(from, state.current(), target.version(), toSchema,
                method(from, state.current(), target, toSchema, thisBuild, migrations), rows);
    }

    /** The instance row's version; without one (or an unreadable one), the first release of its schema. */
    private String fromVersion(InstanceSurvey survey, SchemaState state) {
        Optional<String> recorded = survey.lastMigratedBy().filter(version -> VERSION.matcher(version).matches());
        return recorded.or(() -> catalogue.firstWithSchema(state.current()).map(Release::version)).orElse("unknown");
    }

    /** A database this binary or the target must not touch: newer than either, or of unknown origin. */
    private Optional<UpgradePlan.Row> refusal(SchemaState state, String from, Release target, int toSchema) {
        boolean known = !from.equals("unknown");
        if (!state.unknownApplied().isEmpty() || known && BuildInfo.compareVersions(from, buildVersion) > 0) {
            String versions = state.unknownApplied().stream().map(a -> String.valueOf(a.version()))
                    .collect(Collectors.joining(", "));
            String by = known ? "Portico " + from : "a newer Portico";
            return Optional.of(new UpgradePlan.Row("versions", UpgradePlan.Status.BLOCKED, "This binary (Portico "
                    + buildVersion + ") is older than the database, last migrated by " + by
                    + (versions.isEmpty() ? "" : " to schema " + versions) + ". Use " + (known ? by + " or newer" : by)
                    + ", or `portico rollback` to the point recorded before that upgrade."));
        }
        if (!known) {
            return Optional.of(new UpgradePlan.Row("versions", UpgradePlan.Status.BLOCKED, "Cannot tell which Portico "
                    + "last migrated this database: it has no instance row and schema " + state.current() + " is in no "
                    + "release of " + catalogue.source() + ". Run `portico migrate:status` and `portico version` to see "
                    + "what it holds."));
        }
        if (BuildInfo.compareVersions(from, target.version()) > 0 || state.current() > toSchema) {
            return Optional.of(new UpgradePlan.Row("versions", UpgradePlan.Status.BLOCKED, "Portico " + target.version()
                    + " (schema " + toSchema + ") is older than the database, last migrated by Portico " + from
                    + " (schema " + state.current() + "): Portico does not downgrade. Stay on " + from + " or newer, or "
                    + "`portico rollback` to the point recorded before that upgrade."));
        }
        return Optional.empty();
    }

    /** Adds the migrations row; returns how many migrations the upgrade applies. */
    private static int migrations(SchemaState state, boolean thisBuild, int toSchema, List<UpgradePlan.Row> rows) {
        for (AppliedMigration failed : state.failed()) {
            rows.add(new UpgradePlan.Row("migrations", UpgradePlan.Status.BLOCKED, "Migration " + failed.version()
                    + " (" + failed.description() + ") failed earlier and is recorded as failed. Restore a backup, or "
                    + "repair the schema by hand and delete its row from flyway_schema_history; `portico migrate:status` "
                    + "shows the history."));
            return 0;
        }
        List<MigrationCatalog.KnownMigration> known = thisBuild ? state.pending() : state.catalog().migrations().stream()
                .filter(m -> m.version() > state.current() && m.version() <= toSchema).toList();
        int beyond = Math.max(0, toSchema - Math.max(state.current(), state.latest()));
        List<String> names = new ArrayList<>(known.stream().map(m -> m.version() + " " + m.description()).toList());
        if (beyond > 0) {
            names.add(beyond + " more shipped with the target release");
        }
        int count = known.size() + beyond;
        rows.add(new UpgradePlan.Row("migrations", UpgradePlan.Status.OK, count == 0
                ? "none: the database is at schema " + state.current()
                : count + " to apply: " + String.join(", ", names)));
        return count;
    }

    private UpgradePlan.Row stops(String from, Release target) {
        List<String> stops = catalogue.between(from, target.version()).stream()
                .filter(release -> release.stop() && !release.version().equals(target.version()))
                .map(Release::version).toList();
        if (stops.isEmpty()) {
            return new UpgradePlan.Row("upgrade stops", UpgradePlan.Status.OK, from.equals(target.version()) ? "none"
                    : "none between " + from + " and " + target.version());
        }
        return new UpgradePlan.Row("upgrade stops", UpgradePlan.Status.BLOCKED, "Portico " + String.join(", ", stops)
                + " cannot be skipped: upgrade to " + stops.get(0) + " first (`portico upgrade` with Portico "
                + stops.get(0) + "), then on to " + target.version() + ".");
    }

    private static UpgradePlan.Row java(Runtime.Version java, Release target) {
        if (java.feature() < target.minJava()) {
            return new UpgradePlan.Row("java", UpgradePlan.Status.BLOCKED, "Java " + java + " is older than Portico "
                    + target.version() + " needs (" + target.minJava() + " or newer): install Java " + target.minJava()
                    + " or newer first.");
        }
        return new UpgradePlan.Row("java", UpgradePlan.Status.OK, "Java " + java + "; Portico " + target.version()
                + " needs " + target.minJava() + " or newer");
    }

    private static UpgradePlan.Row backupSpace(InstanceSurvey.BackupRoom room) {
        String size = "a backup needs about " + DiskSpace.human(room.size().needed()) + " (" + room.size().rows()
                + " rows in " + room.size().tables() + " tables)";
        if (room.free() < room.size().needed()) {
            return new UpgradePlan.Row("backup space", UpgradePlan.Status.BLOCKED, "Not enough free space for the "
                    + "backup taken before the upgrade: " + size + ", but " + room.folder() + " has "
                    + DiskSpace.human(room.free()) + " free. Free some space on that disk first.");
        }
        return new UpgradePlan.Row("backup space", UpgradePlan.Status.OK, size + "; " + room.folder() + " has "
                + DiskSpace.human(room.free()) + " free");
    }

    private static String method(String from, int fromSchema, Release target, int toSchema, boolean thisBuild,
                                 int migrations) {
        if (from.equals(target.version()) && fromSchema == toSchema) {
            return "none: already on " + target.version();
        }
        return "in place: `portico upgrade`" + (thisBuild ? "" : " run by Portico " + target.version()) + " ("
                + (migrations == 0 ? "no migration" : migrations == 1 ? "1 migration" : migrations + " migrations") + ")";
    }
}
