package dev.portico.lifecycle;

import dev.portico.BuildInfo;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.KeyCanary;
import dev.portico.systemdb.MigrationCatalog;
import dev.portico.systemdb.MigrationLock;
import dev.portico.systemdb.SchemaContents;
import dev.portico.systemdb.SchemaInspector;
import dev.portico.systemdb.SchemaMigrator;
import dev.portico.systemdb.SchemaState;
import dev.portico.systemdb.SystemDatabase;
import dev.portico.systemdb.UtcTimestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema lifecycle of one system database: inspect, migrate, seed, fresh, reset. Every
 * operation checks the key and the schema's age before it writes, and holds the migration lock
 * while it changes anything. Not thread-safe: one command at a time.
 */
public final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger("portico.lifecycle");

    /** A migration that would run, with its SQL, for {@code migrate --dry-run}. */
    public record PendingMigration(int version, String description, String sql) {
    }

    private final SystemDatabase database;
    private final Optional<AppKey> key;
    private final BuildInfo build;
    private final Duration lockTimeout;
    private final MigrationCatalog catalog;
    private final Seeder seeder = new Seeder();

    public Lifecycle(SystemDatabase database, Optional<AppKey> key, BuildInfo build, Duration lockTimeout) {
        this.database = database;
        this.key = key;
        this.build = build;
        this.lockTimeout = lockTimeout;
        this.catalog = MigrationCatalog.forEngine(database.engine());
    }

    public SchemaState state() {
        try (Connection connection = database.borrow()) {
            return SchemaInspector.inspect(connection, catalog);
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Lost the connection to the " + database.describe(), e);
        }
    }

    /** The server-reported product and version of the database engine. */
    public String serverVersion() {
        try (Connection connection = database.borrow()) {
            var meta = connection.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new PorticoException(ErrorCode.UNAVAILABLE, "Lost the connection to the " + database.describe(), e);
        }
    }

    /** Runs every safety check against the current state without writing anything. */
    public SchemaState check() {
        SchemaState state = state();
        SchemaGuard.requireNotNewer(state, build);
        SchemaGuard.requireKey(key, state);
        return state;
    }

    /** Passes only for a set-up database with no pending migration and the right key: what admin tools need. */
    public SchemaState requireCurrent() {
        SchemaState state = check();
        if (!state.initialized() || !state.pending().isEmpty()) {
            throw new PorticoException(ErrorCode.REFUSED, "The system database is not set up (" + state.pending().size()
                    + " pending migration(s)). Run `portico setup` or `portico migrate --seed` first.");
        }
        return state;
    }

    public List<PendingMigration> dryRun() {
        SchemaState state = check();
        return state.pending().stream()
                .map(m -> new PendingMigration(m.version(), m.description(), catalog.sql(m))).toList();
    }

    /** Applies pending migrations (and seeds when asked) under the lock; a second caller waits, then finds nothing to do. */
    public MigrationReport migrate(boolean seed) {
        return migrate(seed, () -> { });
    }

    /**
     * As above, running {@code beforeSeed} after the migrations, still under the lock: {@code upgrade}
     * verifies the migrated data there, before the seed adds rows its backup does not have.
     */
    public MigrationReport migrate(boolean seed, Runnable beforeSeed) {
        check();
        try (MigrationLock lock = MigrationLock.acquire(database, lockTimeout)) {
            long started = System.nanoTime();
            SchemaState state = check();
            SchemaGuard.requireNoFailedMigration(state);
            int from = state.current();
            int applied = new SchemaMigrator(database).migrate();
            boolean created = recordInstance(state);
            beforeSeed.run();
            int seeded = seed ? seeder.seed(database) : 0;
            MigrationReport report = new MigrationReport(from, catalog.latest(), applied, seeded, created,
                    (System.nanoTime() - started) / 1_000_000);
            LOG.info("migrate on {}: {} seeded {} row(s)", database.describe(), report.summary(), seeded);
            return report;
        }
    }

    /**
     * What {@code migrate:fresh} or {@code migrate:reset} did: the schema version it found, what it dropped, and
     * for fresh the migration that followed (null for reset).
     */
    public record Wipe(int schemaBefore, SchemaMigrator.Emptied dropped, MigrationReport migrated) {
    }

    /** The system database as messages name it. */
    public String describe() {
        return database.describe();
    }

    /** What emptying the schema would drop, and what in other schemas keeps it from doing so. Reads only. */
    public SchemaContents.Contents contents() {
        return new SchemaMigrator(database).contents();
    }

    /**
     * Empties the schema and migrates from scratch; the instance gets a new id and is sealed with the current
     * key. When the migration fails after the drop, the error says the database is empty now.
     */
    public Wipe fresh(boolean seed) {
        SchemaState before = state();
        SchemaGuard.requireNotNewer(before, build);
        if (key.isEmpty()) {
            SchemaGuard.requireKey(key, before);
        }
        SchemaMigrator.Emptied dropped = empty(before, "migrate:fresh --force");
        try {
            return new Wipe(before.current(), dropped, migrate(seed));
        } catch (PorticoException e) {
            throw new PorticoException(e.code(), "migrate:fresh emptied the " + database.describe() + " (dropped "
                    + dropped.describe() + "), then failed: " + e.getMessage() + " The system database is empty now: "
                    + "fix the cause, then run `portico migrate --seed`, or `portico restore` a backup.", e);
        }
    }

    /** Empties the schema: every table and every other object in it, leaving an empty database. */
    public Wipe reset() {
        SchemaState before = state();
        SchemaGuard.requireNotNewer(before, build);
        return new Wipe(before.current(), empty(before, "migrate:reset --force"), null);
    }

    private SchemaMigrator.Emptied empty(SchemaState before, String command) {
        try (MigrationLock lock = MigrationLock.acquire(database, lockTimeout)) {
            SchemaMigrator migrator = new SchemaMigrator(database);
            SchemaMigrator.Emptied dropped = migrator.dropAll("portico " + command);
            LOG.info("{} on {}: dropped {} (schema was {})", command.split(" ")[0], database.describe(),
                    dropped.describe(), before.current());
            return dropped;
        }
    }

    /** Seeds a fully migrated database; returns the rows added (0 when everything is there). */
    public int seed() {
        SchemaState state = check();
        if (!state.initialized() || !state.pending().isEmpty()) {
            throw new PorticoException(ErrorCode.REFUSED, "The schema is not up to date (" + state.pending().size()
                    + " pending migration(s)). Run `portico migrate --seed` instead.");
        }
        int added = seeder.seed(database);
        LOG.info("db:seed on {}: added {} row(s)", database.describe(), added);
        return added;
    }

    /**
     * Makes the database ready to serve: an empty one is set up; one with pending migrations is
     * migrated only when {@code autoMigrate}, otherwise refused.
     */
    public Optional<MigrationReport> prepareToServe(boolean autoMigrate) {
        SchemaState state = check();
        SchemaGuard.requireNoFailedMigration(state);
        if (!state.initialized()) {
            return Optional.of(migrate(true));
        }
        if (!state.pending().isEmpty()) {
            if (!autoMigrate) {
                throw new PorticoException(ErrorCode.REFUSED, "The system database has " + state.pending().size()
                        + " pending migration(s) (schema " + state.current() + ", this Portico needs " + state.latest()
                        + "). Back it up, then run `portico migrate`, or start with `serve --migrate`.");
            }
            return Optional.of(migrate(true));
        }
        if (state.instance().isEmpty()) {
            return Optional.of(migrate(true));
        }
        return Optional.empty();
    }

    private boolean recordInstance(SchemaState before) {
        AppKey appKey = SchemaGuard.requireKey(key, before);
        return database.transaction(handle -> {
            var now = UtcTimestamps.now();
            if (handle.number("SELECT COUNT(*) FROM instance WHERE id = 1") > 0) {
                handle.update("UPDATE instance SET portico_version = ?, updated_at = ? WHERE id = 1", build.version(), now);
                return false;
            }
            handle.update("INSERT INTO instance (id, instance_id, key_canary, portico_version, created_at, updated_at) "
                    + "VALUES (1, ?, ?, ?, ?, ?)", UUID.randomUUID().toString(), KeyCanary.create(appKey), build.version(),
                    now, now);
            return true;
        });
    }
}
