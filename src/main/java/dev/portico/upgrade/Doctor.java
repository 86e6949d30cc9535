package dev.portico.upgrade;

import dev.portico.BuildInfo;
import dev.portico.PorticoException;
import dev.portico.backup.Check;
import dev.portico.backup.Verification;
import dev.portico.backup.Verifier;
import dev.portico.config.PorticoConfig;
import dev.portico.systemdb.SchemaState;
import dev.portico.systemdb.SystemDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code portico doctor}: the troubleshooting of an instance as checks, one row each, in an order
 * where a row that cannot run says why ("skipped: database unreachable") instead of failing. A
 * problem is a row, never an exception. {@link #fix} does only the safe repairs, which touch no data,
 * key or migration. Not thread-safe.
 */
public final class Doctor {
    /** The oldest Java that runs any build (the jar is compiled for it), when the catalogue does not name this one. */
    static final int MINIMUM_JAVA = 17;

    /** The rows, and the safe repair of those that have one. */
    public record Examination(List<Finding> findings) {
        /** Each detail on one line (a configuration error lists its keys on several): one row per check. */
        public Examination {
            findings = findings.stream().map(f -> new Finding(new Check(f.check().name(), f.check().status(),
                    f.check().detail().replaceAll("\\s*\\R\\s*", " "), f.check().action()), f.repair())).toList();
        }

        public Verification verification() {
            return new Verification(findings.stream().map(Finding::check).toList());
        }
    }

    private final Path home;
    private final Supplier<PorticoConfig> config;
    private final Supplier<SystemDatabase> database;
    private final Supplier<Verifier> verifier;
    private final Supplier<List<String>> unfinishedRollbacks;
    private final BuildInfo build;

    /** The suppliers are asked only when a check needs them; the configuration's may throw (a failed row). */
    public Doctor(Path home, Supplier<PorticoConfig> config, Supplier<SystemDatabase> database,
                  Supplier<Verifier> verifier, Supplier<List<String>> unfinishedRollbacks, BuildInfo build) {
        this.home = home;
        this.config = config;
        this.database = database;
        this.verifier = verifier;
        this.unfinishedRollbacks = unfinishedRollbacks;
        this.build = build;
    }

    public Examination examine() {
        List<Finding> findings = new ArrayList<>();
        findings.add(javaCheck());
        PorticoConfig loaded = null;
        try {
            loaded = config.get();
            findings.add(Finding.of(Check.ok("configuration", "read from " + home.resolve(".env")
                    + " and the environment; every key valid")));
        } catch (PorticoException e) {
            findings.add(Finding.of(Check.failed("configuration", e.getMessage(), "Fix those keys in .env or the "
                    + "environment; `portico config:show` lists what is read and from where.")));
        }
        findings.add(FileChecks.envFiles(home));
        findings.add(FileChecks.folders(home, loaded));
        if (loaded == null) {
            findings.add(FileChecks.disk(home, -1));
            for (String name : List.of("database", "migrations", "migration checksums", "migration lock", "rollback",
                    "key", "secrets", "http port", "cache")) {
                findings.add(skipped(name, "the configuration is invalid"));
            }
            return new Examination(findings);
        }
        databaseFindings(findings, new DatabaseChecks(database.get(), build));
        findings.add(HostChecks.httpPort(loaded.http()));
        findings.add(HostChecks.cache(loaded));
        return new Examination(findings);
    }

    /** Java against this release's minimum in the release catalogue (17 when the catalogue does not list this build). */
    private Finding javaCheck() {
        Optional<Release> release;
        try {
            release = ReleaseCatalogue.builtIn().find(build.version());
        } catch (PorticoException unreadable) {
            release = Optional.empty(); // upgrade:check reports a broken catalogue; the jar still needs 17
        }
        return release.map(r -> HostChecks.java(r.minJava(), "Portico " + r.version() + " (release catalogue)"))
                .orElseGet(() -> HostChecks.java(MINIMUM_JAVA, "Portico " + build.version()));
    }

    private void databaseFindings(List<Finding> findings, DatabaseChecks checks) {
        DatabaseChecks.Reach reach = checks.reach();
        findings.add(reach.finding());
        findings.add(FileChecks.disk(home, reach.sizeBytes()));
        if (!reach.reachable()) {
            for (String name : List.of("migrations", "migration checksums")) {
                findings.add(skipped(name, "database unreachable"));
            }
            findings.add(checks.sqlite() ? guarded("migration lock", checks::lock)
                    : skipped("migration lock", "database unreachable"));
            findings.add(guarded("rollback", this::rollback));
            findings.add(skipped("key", "database unreachable"));
            findings.add(skipped("secrets", "database unreachable"));
            return;
        }
        SchemaState state;
        try {
            state = checks.state();
        } catch (PorticoException e) {
            findings.add(Finding.of(Check.failed("migrations", e.getMessage(), "Check that DB_DATABASE names "
                    + "Portico's own database, then run doctor again.")));
            findings.add(guarded("rollback", this::rollback));
            for (String name : List.of("migration checksums", "migration lock", "key", "secrets")) {
                findings.add(skipped(name, "the migration history could not be read"));
            }
            return;
        }
        findings.add(checks.migrations(state));
        boolean readable = state.initialized() && !checks.newer(state);
        String why = state.initialized() ? "the schema is from a newer Portico" : "no Portico schema";
        findings.add(readable ? guarded("migration checksums", () -> checks.checksums(state))
                : skipped("migration checksums", why));
        findings.add(guarded("migration lock", checks::lock));
        findings.add(guarded("rollback", this::rollback));
        if (!readable) {
            findings.add(skipped("key", why));
            findings.add(skipped("secrets", why));
            return;
        }
        keyAndSecrets(findings);
    }

    private void keyAndSecrets(List<Finding> findings) {
        List<Check> rows;
        try {
            rows = verifier.get().keyAndSecrets();
        } catch (PorticoException e) {
            findings.add(Finding.of(Check.failed("key", e.getMessage(), "Set APP_KEY to the key of this instance: "
                    + "restore the .env that belongs to this database.")));
            findings.add(skipped("secrets", "the key could not be checked"));
            return;
        }
        for (Check row : rows) {
            String action = row.status() != Check.Status.FAILED ? "" : row.name().equals("key")
                    ? "Restore the .env that belongs to this database (its APP_KEY has the fingerprint the database names)."
                    : "Those values were sealed with another key or altered: enter them again (a service's password, "
                    + "a lookup), or restore a backup.";
            findings.add(Finding.of(new Check(row.name(), row.status(), row.detail(), action)));
        }
    }

    /** A rollback on MySQL/MariaDB that dropped the schema and was interrupted before its load committed. */
    private Finding rollback() {
        List<String> unfinished = unfinishedRollbacks.get();
        return Finding.of(unfinished.isEmpty() ? Check.ok("rollback", "no rollback left unfinished")
                : Check.failed("rollback", String.join(" ", unfinished), "Finish it with the `portico rollback --to` "
                        + "command named above; until then serve, setup, migrate, restore, clone and upgrade refuse this database."));
    }

    /** A check whose own failure (a lock file it cannot open, Flyway unable to read) is its row's failure. */
    private static Finding guarded(String name, Supplier<Finding> check) {
        try {
            return check.get();
        } catch (PorticoException e) {
            return Finding.of(Check.failed(name, e.getMessage(), "Fix what the detail names, then run doctor again."));
        }
    }

    private static Finding skipped(String name, String why) {
        return Finding.of(Check.skipped(name, why));
    }

    /**
     * Runs the repair of every row that has one (a row gets one only when there is something to do); returns a line per repair saying what
     * it did or why it could not. Run {@link #examine} again afterwards to see the result.
     */
    public List<String> fix(Examination examination) {
        List<String> done = new ArrayList<>();
        for (Finding finding : examination.findings()) {
            if (finding.repair().isEmpty()) {
                continue;
            }
            Finding.Repair repair = finding.repair().get();
            try {
                done.add("fixed " + finding.check().name() + ": " + repair.action().run());
            } catch (IOException | PorticoException e) {
                done.add("could not " + repair.what() + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + ")");
            }
        }
        return done;
    }
}
