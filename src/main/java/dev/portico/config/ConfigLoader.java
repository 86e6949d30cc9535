package dev.portico.config;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the configuration of the instance in a home folder: the {@code config:cache} snapshot when
 * it is fresh (else {@code .env}), then the process environment, which wins. Every problem is
 * collected and reported at once, each with its key.
 */
public final class ConfigLoader {
    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public PorticoConfig load(Path home) {
        Path dotenv = home.resolve(".env");
        Path cache = PorticoConfig.cacheFile(home);
        boolean cacheFresh = isFresh(cache, dotenv);
        Map<String, String> fileValues = DotenvFile.read(cacheFresh ? cache : dotenv);
        ConfigValue.Source fileSource = cacheFresh ? ConfigValue.Source.CACHE : ConfigValue.Source.DOTENV;

        Map<ConfigKey, ConfigValue> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            String fromEnvironment = environment.get(key.name());
            String fromFile = fileValues.get(key.name());
            if (fromEnvironment != null) {
                values.put(key, new ConfigValue(key, fromEnvironment, ConfigValue.Source.ENVIRONMENT));
            } else if (fromFile != null) {
                values.put(key, new ConfigValue(key, fromFile, fileSource));
            } else {
                values.put(key, new ConfigValue(key, key.defaultValue().orElse(null), ConfigValue.Source.DEFAULT));
            }
        }
        return new Validation(home, values).result();
    }

    private static boolean isFresh(Path cache, Path dotenv) {
        try {
            if (!Files.isRegularFile(cache)) {
                return false;
            }
            return !Files.exists(dotenv)
                    || Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(dotenv)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** One pass over all values that records every problem before failing. */
    private static final class Validation {
        private final Path home;
        private final Map<ConfigKey, ConfigValue> values;
        private final List<String> problems = new ArrayList<>();

        Validation(Path home, Map<ConfigKey, ConfigValue> values) {
            this.home = home;
            this.values = values;
        }

        PorticoConfig result() {
            Optional<Secret> appKey = text(ConfigKey.APP_KEY).map(Secret::new);
            appKey.ifPresent(key -> checkKeyShape(key.value()));
            DatabaseSettings database = database();
            CacheSettings cache = cache();
            int httpPort = integer(ConfigKey.PORTICO_HTTP_PORT, 0, 65535);
            String httpHost = text(ConfigKey.PORTICO_HTTP_HOST).orElse("127.0.0.1");
            int workers = integer(ConfigKey.PORTICO_HTTP_WORKERS, 0, 10_000);
            String logLevel = text(ConfigKey.APP_LOG_LEVEL).orElse("info").toLowerCase(Locale.ROOT);
            if (!List.of("trace", "debug", "info", "warn", "warning", "error").contains(logLevel)) {
                problems.add("APP_LOG_LEVEL: '" + logLevel + "' is not one of trace, debug, info, warn, error");
            }
            boolean debug = bool(ConfigKey.APP_DEBUG);
            boolean autoMigrate = bool(ConfigKey.PORTICO_AUTO_MIGRATE);
            int lockSeconds = integer(ConfigKey.PORTICO_LOCK_TIMEOUT, 0, 86_400);
            integer(ConfigKey.DF_DB_MAX_RECORDS_RETURNED, 1, 1_000_000);
            if (!problems.isEmpty()) {
                throw new PorticoException(ErrorCode.CONFIGURATION, "The configuration in " + home.resolve(".env")
                        + " (and the environment) has " + problems.size() + " problem(s):\n  "
                        + String.join("\n  ", problems) + "\nFix these keys and start again.");
            }
            return new PorticoConfig(home, appKey, text(ConfigKey.APP_ENV).orElse("production"), debug,
                    text(ConfigKey.APP_URL).orElse(""), logLevel.equals("warning") ? "warn" : logLevel, database, cache,
                    new HttpSettings(httpHost, httpPort, workers > 0 ? workers
                            : HttpSettings.defaultWorkers(Runtime.getRuntime().availableProcessors())), autoMigrate, Duration.ofSeconds(lockSeconds),
                    text(ConfigKey.ADMIN_EMAIL), text(ConfigKey.ADMIN_PASSWORD).map(Secret::new),
                    List.copyOf(values.values()));
        }

        private void checkKeyShape(String key) {
            String advice = " Run `portico key:generate` for a new instance, or restore the .env that belongs to this database.";
            if (!key.startsWith("base64:")) {
                problems.add("APP_KEY: must start with 'base64:' followed by 32 base64-encoded bytes." + advice);
                return;
            }
            try {
                int length = Base64.getDecoder().decode(key.substring("base64:".length())).length;
                if (length != 32) {
                    problems.add("APP_KEY: decodes to " + length + " bytes, but 32 are required." + advice);
                }
            } catch (IllegalArgumentException notBase64) {
                problems.add("APP_KEY: the part after 'base64:' is not valid base64." + advice);
            }
        }

        private DatabaseSettings database() {
            String name = text(ConfigKey.DB_CONNECTION).orElse("sqlite");
            Optional<DatabaseEngine> engine = DatabaseEngine.byConnectionName(name);
            if (engine.isEmpty()) {
                problems.add("DB_CONNECTION: '" + name + "' is not supported; use sqlite, pgsql or mysql"
                        + (name.equalsIgnoreCase("sqlsrv") ? " (SQL Server is reserved but not yet supported)" : ""));
                return new DatabaseSettings(DatabaseEngine.SQLITE, null, 0, null, null, null, home);
            }
            Secret password = text(ConfigKey.DB_PASSWORD).map(Secret::new).orElse(null);
            if (engine.get() == DatabaseEngine.SQLITE) {
                Path file = text(ConfigKey.DB_DATABASE).map(Path::of)
                        .orElse(Path.of("storage", "databases", "portico.sqlite"));
                return new DatabaseSettings(DatabaseEngine.SQLITE, null, 0, null, null, null,
                        home.resolve(file).normalize());
            }
            String host = text(ConfigKey.DB_HOST).orElse("127.0.0.1");
            int port = text(ConfigKey.DB_PORT).isEmpty()
                    ? engine.get().defaultPort() : integer(ConfigKey.DB_PORT, 1, 65535);
            Optional<String> database = text(ConfigKey.DB_DATABASE);
            if (database.isEmpty()) {
                problems.add("DB_DATABASE: required when DB_CONNECTION=" + engine.get().connectionName());
            }
            Optional<String> username = text(ConfigKey.DB_USERNAME);
            if (username.isEmpty()) {
                problems.add("DB_USERNAME: required when DB_CONNECTION=" + engine.get().connectionName());
            }
            return new DatabaseSettings(engine.get(), host, port, database.orElse(""), username.orElse(""), password, null);
        }

        private CacheSettings cache() {
            String name = text(ConfigKey.CACHE_DRIVER).orElse("file");
            CacheDriver driver;
            try {
                driver = CacheDriver.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                problems.add("CACHE_DRIVER: '" + name + "' is not one of memory, file, redis");
                driver = CacheDriver.FILE;
            }
            return new CacheSettings(driver, text(ConfigKey.REDIS_HOST).orElse("127.0.0.1"),
                    integer(ConfigKey.REDIS_PORT, 1, 65535), text(ConfigKey.REDIS_PASSWORD).map(Secret::new).orElse(null));
        }

        private Optional<String> text(ConfigKey key) {
            String value = values.get(key).value();
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }

        private int integer(ConfigKey key, int min, int max) {
            String value = text(key).or(key::defaultValue).orElse("0");
            try {
                int number = Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            problems.add(key.name() + ": '" + (key.secret() ? Secret.MASK : value) + "' is not a whole number from "
                    + min + " to " + max);
            return min;
        }

        private boolean bool(ConfigKey key) {
            String value = text(key).orElse("false").toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true", "1", "yes", "on", "(true)" -> true;
                case "false", "0", "no", "off", "(false)" -> false;
                default -> {
                    problems.add(key.name() + ": '" + value + "' is not true or false");
                    yield false;
                }
            };
        }
    }
}
