package dev.portico;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.portico.auth.AdminAccounts;
import dev.portico.auth.Authenticator;
import dev.portico.auth.Roles;
import dev.portico.auth.SessionService;
import dev.portico.auth.session.LoginThrottle;
import dev.portico.auth.session.RevocationStore;
import dev.portico.auth.session.SessionPolicy;
import dev.portico.auth.session.SessionToken;
import dev.portico.backup.BackupCatalog;
import dev.portico.backup.BackupService;
import dev.portico.crypto.SecretBox;
import dev.portico.http.ApiServices;
import dev.portico.system.CorsRules;
import dev.portico.system.OpenApiDocument;
import dev.portico.system.SystemApi;
import dev.portico.system.SystemResources;
import java.time.Clock;
import dev.portico.config.ConfigKey;
import dev.portico.config.ConfigLoader;
import dev.portico.config.PorticoConfig;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.PasswordHasher;
import dev.portico.http.HttpServer;
import dev.portico.lifecycle.Lifecycle;
import dev.portico.systemdb.SystemDatabase;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The composition root: builds every part of one instance by hand, on first use, from its home
 * folder and environment. Commands ask it for what they need. Not thread-safe; one per process
 * (tests make one per instance under test).
 */
public final class App implements AutoCloseable {
    /**
     * Connections each database service may hold open unless its config sets {@code pool_size}: as many
     * as a busy node's concurrent requests (16 in the benchmark), bounded for its database.
     */
    private static final int SERVICE_POOL_SIZE = 16;
    private final Path home;
    private final Map<String, String> environment = new java.util.HashMap<>();
    private final BuildInfo build = BuildInfo.load();
    private PorticoConfig config;
    private SystemDatabase database;
    private Lifecycle lifecycle;
    private boolean serving;
    private boolean readOnly;

    public App(Path home, Map<String, String> environment) {
        this.home = home.toAbsolutePath().normalize();
        this.environment.putAll(environment);
    }

    public Path home() {
        return home;
    }

    public BuildInfo build() {
        return build;
    }

    /** Sets a configuration value from a command-line flag; flags win over .env and the environment. */
    public void override(String key, String value) {
        if (config != null) {
            throw new IllegalStateException("flags must be applied before the configuration is loaded");
        }
        environment.put(key, value);
    }

    /** A value from the process environment (with flags applied), before and without any validation. */
    public Optional<String> environmentValue(String key) {
        return Optional.ofNullable(environment.get(key)).filter(value -> !value.isBlank());
    }

    /** Marks this process as the server, whose console logs at the configured level. */
    public void servingMode() {
        serving = true;
    }

    /** The configuration, loaded and validated on first use; logging is set up with it. */
    public PorticoConfig config() {
        if (config == null) {
            config = new ConfigLoader(environment).load(home);
            if (!readOnly) {
                Logging.configure(config.storage().resolve("logs"), config.debug() ? "debug" : config.logLevel(),
                        serving ? config.logLevel() : "warn");
            }
        }
        return config;
    }

    /**
     * Marks this process as one that only reads: it logs warnings to the console and writes no log
     * file, which keeps commands such as {@code version} instant.
     */
    public void readOnlyMode() {
        readOnly = true;
    }

    /** Whether file logging is set up: the configuration was loaded by a command that may write. */
    public boolean fileLogging() {
        return config != null && !readOnly;
    }

    /** Forgets the loaded configuration, after a command changed {@code .env}. */
    public void reloadConfig() {
        close();
        config = null;
    }

    public Optional<AppKey> appKey() {
        return config().appKey().map(secret -> AppKey.parse(secret.value()));
    }

    public SystemDatabase database() {
        if (database == null) {
            database = new SystemDatabase(config().database(), serving ? 10 : 3);
        }
        return database;
    }

    public dev.portico.backup.RestoreService restores() {
        return new dev.portico.backup.RestoreService(database(),
                new dev.portico.backup.RestoreChecks(database(), appKey()), lifecycle(), config().lockTimeout(),
                config().storage());
    }

    /**
     * A restore with the key it was decided to use (APP_KEY, or one unwrapped from the archive) and,
     * when {@code withFiles}, the storage folder the archive's files go to (counted in the space check).
     */
    public dev.portico.backup.RestoreService restores(AppKey key, boolean withFiles) {
        Lifecycle keyed = appKey().filter(key::equals).isPresent() ? lifecycle()
                : new Lifecycle(database(), Optional.of(key), build, config().lockTimeout());
        return new dev.portico.backup.RestoreService(database(), restoreChecks(key, withFiles), keyed,
                config().lockTimeout(), config().storage());
    }

    public dev.portico.backup.RestoreChecks restoreChecks(AppKey key, boolean withFiles) {
        return new dev.portico.backup.RestoreChecks(database(), Optional.of(key), withFiles ? config().storage() : null);
    }

    /** Copies this instance to another database ({@code portico clone}). */
    public dev.portico.backup.CloneService clones() {
        return new dev.portico.backup.CloneService(database(), appKey(), build, config().storage(), config().lockTimeout());
    }

    /** A clone target as typed on the command line; a URL without a password takes PORTICO_CLONE_PASSWORD. */
    public dev.portico.backup.CloneTarget cloneTarget(String text) {
        return dev.portico.backup.CloneTarget.parse(text, home, environmentValue("PORTICO_CLONE_PASSWORD"));
    }

    /**
     * Undoes what restores and clones killed half-way left on their targets (see docs/BACKUP-FORMAT.md);
     * returns a line per interrupted restore found. Cheap when there is none: one folder listing. Refuses
     * (exit 4) while a rollback on MySQL/MariaDB has left the system database's schema dropped (docs/UPGRADES.md).
     */
    public java.util.List<String> undoInterruptedRestores() {
        return interruptedRestores().undo();
    }

    /** As {@link #undoInterruptedRestores()}, for a rollback: it finishes an interrupted rollback instead of refusing. */
    public java.util.List<String> undoInterruptedRestoresBeforeRollback() {
        return interruptedRestores().undoBeforeRollback();
    }

    /** What an interrupted rollback on MySQL/MariaDB left (one message each, naming the command that finishes it). */
    public java.util.List<String> interruptedRollbacks() {
        return interruptedRestores().interruptedRollbacks();
    }

    private dev.portico.backup.InterruptedRestores interruptedRestores() {
        return new dev.portico.backup.InterruptedRestores(config().storage(), config().database(),
                target -> cloneTarget(target).settings(), config().lockTimeout());
    }

    /** The schema lifecycle; built once per loaded configuration (it reads the migrations in the jar). */
    public Lifecycle lifecycle() {
        if (lifecycle == null) {
            lifecycle = new Lifecycle(database(), appKey(), build, config().lockTimeout());
        }
        return lifecycle;
    }

    public BackupService backups() {
        return new BackupService(database(), build.version(), config().envFile(), config().storage(), Clock.systemUTC());
    }

    public BackupCatalog backupCatalog() {
        return new BackupCatalog(backupsFolder());
    }

    public dev.portico.backup.Verifier verifier() {
        return new dev.portico.backup.Verifier(database(), appKey(), home);
    }

    /** {@code doctor}: asks for the configuration, database and verifier only when a check needs them. */
    public dev.portico.upgrade.Doctor doctor() {
        return new dev.portico.upgrade.Doctor(home, this::config, this::database, this::verifier,
                this::interruptedRollbacks, build);
    }

    /** A restore test works in a temporary folder under storage and never opens the configured database. */
    public dev.portico.backup.RestoreTest restoreTest() {
        return new dev.portico.backup.RestoreTest(appKey(), build, config().lockTimeout(), config().storage(), home);
    }

    private Path backupsFolder() {
        return config().storage().resolve("backups");
    }

    /** Reads what {@code upgrade:check} plans from: the database, .env and environment key names, the backup folder. */
    public dev.portico.upgrade.InstanceSurveyor instanceSurveyor() {
        return new dev.portico.upgrade.InstanceSurveyor(database(), appKey(), config().envFile(), environment.keySet(),
                backupsFolder());
    }

    public dev.portico.upgrade.RollbackPoints rollbackPoints() {
        return new dev.portico.upgrade.RollbackPoints(backupsFolder());
    }

    /**
     * Restores rollback points with {@code key}: APP_KEY, or the key in a point's copy of .env when the
     * database was sealed with another since.
     */
    public dev.portico.upgrade.RollbackRestore rollbackRestore(AppKey key) {
        Lifecycle keyed = appKey().filter(key::equals).isPresent() ? lifecycle()
                : new Lifecycle(database(), Optional.of(key), build, config().lockTimeout());
        return new dev.portico.upgrade.RollbackRestore(database(), keyed, restores(key, false),
                new dev.portico.backup.Verifier(database(), Optional.of(key), home).comparisonOnly(),
                rollbackPoints(), config().envFile());
    }

    /** {@code portico upgrade}'s steps, once its check passed (APP_KEY is set then). */
    public dev.portico.upgrade.UpgradeProcedure upgrade() {
        AppKey key = appKey().orElseThrow();
        return new dev.portico.upgrade.UpgradeProcedure(database(), lifecycle(), backups(), rollbackPoints(),
                verifier().comparisonOnly(), dev.portico.cache.CacheStore.open(config().cache(), config().storage()),
                rollbackRestore(key), config().envFile(), build.version(), Clock.systemUTC());
    }

    public AdminAccounts admins() {
        return new AdminAccounts(database(), new PasswordHasher());
    }

    public HttpServer httpServer() {
        AppKey key = appKey().orElseThrow(() -> new PorticoException(ErrorCode.REFUSED,
                "APP_KEY is not set. Run `portico key:generate`, or restore the .env that belongs to this database."));
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        SecretBox secrets = new SecretBox(key);
        PasswordHasher passwords = new PasswordHasher();
        SessionPolicy policy = SessionPolicy.fromMinutes(config().value(ConfigKey.DF_JWT_TTL),
                config().value(ConfigKey.DF_JWT_REFRESH_TTL));
        SessionToken tokens = new SessionToken(key);
        RevocationStore revocations = new RevocationStore(database(), policy);
        Clock clock = Clock.systemUTC();
        SystemResources resources = new SystemResources();
        dev.portico.auth.IdentityCache identities = new dev.portico.auth.IdentityCache();
        ApiServices api = new ApiServices(
                new SystemApi(database(), resources, json, secrets, passwords, revocations),
                new Authenticator(database(), tokens, revocations, new Roles(secrets, json), clock, identities),
                identities,
                new SessionService(database(), passwords, tokens, revocations, new LoginThrottle(clock), policy, clock),
                new CorsRules(database(), clock), new OpenApiDocument(resources, build.version()), json,
                new dev.portico.lifecycle.MaintenanceMode(database()),
                new dev.portico.services.DatabaseServices(database(), secrets, home,
                        Integer.parseInt(config().value(ConfigKey.DF_DB_MAX_RECORDS_RETURNED)), SERVICE_POOL_SIZE,
                        dev.portico.cache.CacheStore.open(config().cache(), config().storage())));
        return new HttpServer(config(), build, database(), lifecycle(), api);
    }

    @Override
    public void close() {
        if (database != null) {
            database.close();
            database = null;
        }
        lifecycle = null;
    }
}
