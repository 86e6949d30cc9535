package dev.portico.cli;

import dev.portico.backup.BackupManifest;
import dev.portico.backup.RestorePlan;
import dev.portico.backup.RestoreService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code restore} prints: the plan of a dry run, or what was restored and which files changed. Not thread-safe. */
final class RestoreReport {
    private final RestorePlan plan;
    private final String keySource;
    private final boolean withEnv;
    private final boolean withFiles;
    private final List<String> changes = new ArrayList<>();

    RestoreReport(RestorePlan plan, String keySource, boolean withEnv, boolean withFiles) {
        this.plan = plan;
        this.keySource = keySource;
        this.withEnv = withEnv;
        this.withFiles = withFiles;
    }

    void filesKept(Path previous, int count) {
        changes.add(count + " storage files restored into storage/app"
                + (previous == null ? "" : "; the previous folder is kept as " + previous));
    }

    void envKept(Path envFile, Path previous) {
        changes.add(envFile + " written from the archive (this instance's DB_* settings kept, APP_KEY "
                + plan.manifest().keyFingerprint() + ")" + (previous == null ? "" : "; the previous file is kept as " + previous));
    }

    void keyWritten(Path envFile, Path previous, String fingerprint) {
        changes.add("APP_KEY in " + envFile + " set to the archive's key (fingerprint " + fingerprint + ", from "
                + keySource + ")" + (previous == null ? "" : "; the previous file is kept as " + previous));
    }

    void printPlan(PrintWriter out) {
        BackupManifest manifest = plan.manifest();
        out.printf("Dry run: every check passed; nothing was written.%nWould restore %s (schema %d, from %s, key %s via %s) "
                + "onto the %s (%s, %s)%s:%n", plan.file(), manifest.schemaVersion(), manifest.sourceEngine(),
                manifest.keyFingerprint(), keySource, plan.target(), plan.targetEngine(), plan.targetServer(),
                plan.replacesData() ? ", deleting its " + plan.targetRowsBefore() + " rows first" : "");
        for (BackupManifest.TableEntry table : manifest.tables()) {
            out.printf("  %-22s %,10d rows%n", table.name(), table.rows());
        }
        if (plan.migratesForward()) {
            out.printf("then migrate schema %d forward to %d.%n", manifest.schemaVersion(), plan.latestSchema());
        }
        if (withFiles) {
            out.printf("then put its %d storage files in storage/app (the current folder kept aside).%n",
                    manifest.storageFiles().size());
        }
        if (withEnv) {
            out.println("then write its .env as this instance's .env, keeping this instance's DB_* settings.");
        } else if (!keySource.equals("APP_KEY")) {
            out.println("then set APP_KEY in .env to the archive's key.");
        }
        for (String line : plan.space()) {
            out.println("Free space: " + line + ".");
        }
    }

    void printResult(PrintWriter out, RestoreService.RestoreResult result) {
        out.printf("Restored %s onto the %s: %d tables, %,d rows, in %d ms (instance %s).%n", plan.file(), plan.target(),
                result.tables(), result.rows(), result.millis(), plan.manifest().instanceId());
        changes.forEach(out::println);
        if (!withFiles && !plan.manifest().storageFiles().isEmpty()) {
            out.printf("The archive also holds %d storage files, not restored (--with-files restores them).%n",
                    plan.manifest().storageFiles().size());
        }
    }

    Map<String, Object> json(boolean dryRun, long millis) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("file", plan.file().toString());
        all.put("dry_run", dryRun);
        all.put("target", plan.target());
        all.put("target_engine", plan.targetEngine());
        all.put("target_server", plan.targetServer());
        all.put("source_engine", plan.manifest().sourceEngine());
        all.put("schema_version", plan.manifest().schemaVersion());
        all.put("replaces_rows", plan.targetRowsBefore());
        all.put("key_source", keySource);
        all.put("with_env", withEnv);
        all.put("with_files", withFiles);
        all.put("free_space", plan.space());
        List<Map<String, Object>> tables = plan.manifest().tables().stream()
                .map(t -> Map.<String, Object>of("name", t.name(), "rows", t.rows())).toList();
        all.put("tables", tables);
        all.put("rows", plan.manifest().totalRows());
        if (!dryRun) {
            all.put("millis", millis);
            all.put("changes", changes);
        }
        return all;
    }
}
