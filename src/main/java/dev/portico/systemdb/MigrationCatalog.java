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

    static String folder(DatabaseEngine engine) {
        return "db/migration/" + switch (engine) {
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
        known.sort(Comparator.comparingInt(KnownMigration::version));
        return new MigrationCatalog(known);
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
