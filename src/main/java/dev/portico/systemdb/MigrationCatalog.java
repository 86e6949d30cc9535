package dev.portico.systemdb;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The migrations shipped in this build for one engine, read from the classpath without starting
 * Flyway (so {@code version} stays fast). Versions are whole numbers: {@code V<n>__<words>.sql}.
 */
public final class MigrationCatalog {
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(.+)\\.sql");

    /** One migration script this build knows. */
    public record KnownMigration(int version, String description, String resource) {
    }

    private final List<KnownMigration> migrations;

    private MigrationCatalog(List<KnownMigration> migrations) {
        this.migrations = List.copyOf(migrations);
    }

    /**
     * Test-only: the system property naming a folder whose {@code <engine>/V<n>__<words>.sql} files join
     * this build's migrations, so tests and benchmarks can add a migration (a broken one, or one with real
     * work to time). Never set it on an instance: its migrations are not part of any release.
     */
    public static final String TEST_MIGRATIONS_PROPERTY = "portico.test.migrations";

    /** The test-only folder of extra migrations for {@code engine}, when the property names one. */
    static Optional<Path> testFolder(DatabaseEngine engine) {
        String folder = System.getProperty(TEST_MIGRATIONS_PROPERTY, "");
        return folder.isBlank() ? Optional.empty()
                : Optional.of(Path.of(folder).toAbsolutePath().normalize().resolve(engineFolder(engine)));
    }

    static String folder(DatabaseEngine engine) {
        return "db/migration/" + engineFolder(engine);
    }

    private static String engineFolder(DatabaseEngine engine) {
        return switch (engine) {
            case SQLITE -> "sqlite";
            case POSTGRESQL -> "postgresql";
            case MYSQL -> "mysql";
        };
    }


    public static MigrationCatalog forEngine(DatabaseEngine engine) {
        String folder = folder(engine);
        URL url = MigrationCatalog.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new PorticoException(ErrorCode.FAILED, "This build has no migrations for " + engine.displayName()
                    + " (classpath folder " + folder + " is missing). Rebuild Portico.");
        }
        List<String> names = new ArrayList<>();
        try {
            if (url.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    jar.stream().map(JarEntry::getName)
                            .filter(name -> name.startsWith(folder + "/") && name.length() > folder.length() + 1)
                            .map(name -> name.substring(folder.length() + 1))
                            .filter(name -> !name.contains("/"))
                            .forEach(names::add);
                }
            } else {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                    files.map(path -> path.getFileName().toString()).forEach(names::add);
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot list the migrations in " + url + ": " + e.getMessage(), e);
        }
        List<KnownMigration> known = new ArrayList<>();
        for (String name : names) {
            Matcher match = NAME.matcher(name);
            if (match.matches()) {
                known.add(new KnownMigration(Integer.parseInt(match.group(1)), match.group(2).replace('_', ' '),
                        folder + "/" + name));
            }
        }
        testFolder(engine).ifPresent(extra -> known.addAll(listFolder(extra)));
        known.sort(Comparator.comparingInt(KnownMigration::version));
        return new MigrationCatalog(known);
    }

    private static List<KnownMigration> listFolder(Path folder) {
        List<KnownMigration> known = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                Matcher match = NAME.matcher(file.getFileName().toString());
                if (match.matches()) {
                    known.add(new KnownMigration(Integer.parseInt(match.group(1)), match.group(2).replace('_', ' '),
                            file.toString()));
                }
            }
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot list the test migrations in " + folder + " (system "
                    + "property " + TEST_MIGRATIONS_PROPERTY + "): " + e.getMessage(), e);
        }
        return known;
    }

    public List<KnownMigration> migrations() {
        return migrations;
    }

    public int latest() {
        return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
    }

    public boolean knows(int version) {
        return migrations.stream().anyMatch(m -> m.version() == version);
    }

    /** The SQL text of a migration, for {@code migrate --dry-run}. */
    public String sql(KnownMigration migration) {
        if (Path.of(migration.resource()).isAbsolute()) {
            try {
                return Files.readString(Path.of(migration.resource()));
            } catch (IOException e) {
                throw new PorticoException(ErrorCode.FAILED, "Cannot read migration " + migration.resource() + ": "
                        + e.getMessage(), e);
            }
        }
        try (InputStream in = MigrationCatalog.class.getClassLoader().getResourceAsStream(migration.resource())) {
            if (in == null) {
                throw new IOException("resource not found");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot read migration " + migration.resource() + ": " + e.getMessage(), e);
        }
    }
}
