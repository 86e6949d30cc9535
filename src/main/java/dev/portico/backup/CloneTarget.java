package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.ConfigKey;
import dev.portico.config.ConfigLoader;
import dev.portico.config.DatabaseEngine;
import dev.portico.config.DatabaseSettings;
import dev.portico.config.DotenvFile;
import dev.portico.config.Secret;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where {@code portico clone --to} copies to: a second instance's {@code .env} (its DB_* keys, and its
 * APP_KEY if set) or a database URL — {@code postgresql://USER@HOST[:PORT]/DB}, {@code mysql://…} or
 * {@code mariadb://…}, {@code sqlite:PATH}, each also with a {@code jdbc:} prefix. {@code spec} is the
 * target as typed with any password removed, safe to print. Immutable.
 */
public record CloneTarget(String spec, DatabaseSettings settings, Optional<String> appKey) {
    private static final Pattern USER_INFO = Pattern.compile("//.*@");
    private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)password=[^&]*");
    private static final String FORMS = "a .env file, postgresql://USER@HOST[:PORT]/DATABASE, "
            + "mysql://USER@HOST[:PORT]/DATABASE (or mariadb://), or sqlite:PATH";

    /** Reads {@code text}; {@code password} (PORTICO_CLONE_PASSWORD) serves a URL that carries none. */
    public static CloneTarget parse(String text, Path home, Optional<String> password) {
        String url = text.strip();
        if (url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            url = url.substring(5);
        }
        if (url.regionMatches(true, 0, "sqlite:", 0, 7)) {
            String path = url.substring(7).replaceFirst("^//", "");
            if (path.isBlank()) {
                throw bad(text, "names no file after sqlite:");
            }
            Path file = home.resolve(path).toAbsolutePath().normalize();
            return new CloneTarget("sqlite:" + file, new DatabaseSettings(DatabaseEngine.SQLITE, null, 0, null, null,
                    null, file), Optional.empty());
        }
        if (url.contains("://")) {
            return server(text, url, password);
        }
        Path file = home.resolve(text).toAbsolutePath().normalize();
        if (Files.isRegularFile(file)) {
            return envFile(file);
        }
        throw bad(text, "is neither an existing .env file nor a database URL");
    }

    private static CloneTarget server(String text, String url, Optional<String> fallbackPassword) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw bad(text, "is not a valid URL (" + e.getReason() + "; percent-encode special characters)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        DatabaseEngine engine = switch (scheme) {
            case "postgresql", "postgres", "pgsql" -> DatabaseEngine.POSTGRESQL;
            case "mysql", "mariadb" -> DatabaseEngine.MYSQL;
            default -> throw bad(text, "has the unknown scheme '" + uri.getScheme() + "'");
        };
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (uri.getHost() == null || database.isEmpty() || database.contains("/")) {
            throw bad(text, "needs a host and a database name");
        }
        Map<String, String> query = query(uri.getRawQuery());
        String user = null;
        String password = query.get("password");
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : password;
        }
        user = user == null || user.isEmpty() ? query.get("user") : user;
        if (user == null || user.isEmpty()) {
            throw bad(text, "names no user (USER@HOST, or ?user=USER)");
        }
        Secret secret = Optional.ofNullable(password).or(() -> fallbackPassword).map(Secret::new).orElse(null);
        int port = uri.getPort() < 0 ? engine.defaultPort() : uri.getPort();
        String spec = uri.getScheme() + "://" + user + "@" + uri.getHost() + ":" + port + "/" + database;
        return new CloneTarget(spec, new DatabaseSettings(engine, uri.getHost(), port, database, user, secret, null),
                Optional.empty());
    }

    private static CloneTarget envFile(Path file) {
        Map<String, String> values = new HashMap<>(DotenvFile.read(file));
        for (ConfigKey key : ConfigKey.values()) {
            values.putIfAbsent(key.name(), ""); // only this file counts, never this process's environment
        }
        DatabaseSettings settings = new ConfigLoader(values).load(file.getParent()).database();
        return new CloneTarget(file.toString(), settings,
                Optional.ofNullable(values.get("APP_KEY")).filter(key -> !key.isBlank()).map(String::strip));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] parts = pair.split("=", 2);
                values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return values;
    }

    /** Whether {@code other} is the same database as this target: the same file, or the same server and name. */
    public boolean sameDatabaseAs(DatabaseSettings other) {
        if (settings.engine() != other.engine()) {
            return false;
        }
        if (settings.engine() == DatabaseEngine.SQLITE) {
            return realPath(settings.sqliteFile()).equals(realPath(other.sqliteFile()));
        }
        return settings.port() == other.port() && settings.database().equals(other.database())
                && sameHost(settings.host(), other.host());
    }

    private static Path realPath(Path file) {
        try {
            return Files.exists(file) ? file.toRealPath() : file.toAbsolutePath().normalize();
        } catch (java.io.IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    private static boolean sameHost(String one, String two) {
        if (one.equalsIgnoreCase(two)) {
            return true;
        }
        try {
            InetAddress first = InetAddress.getByName(one);
            InetAddress second = InetAddress.getByName(two);
            return first.equals(second) || (first.isLoopbackAddress() && second.isLoopbackAddress());
        } catch (UnknownHostException unknown) {
            return false; // a host that does not resolve fails at connect, with its own message
        }
    }

    private static PorticoException bad(String text, String problem) {
        return new PorticoException(ErrorCode.BAD_REQUEST, "The clone target '" + printable(text) + "' " + problem
                + ". Give " + FORMS + "; put a password in PORTICO_CLONE_PASSWORD rather than on the command line.");
    }

    /** The target as typed, without anything that could be a password (the whole user part of a URL). */
    static String printable(String text) {
        String withoutUser = USER_INFO.matcher(text).replaceFirst(java.util.regex.Matcher.quoteReplacement("//…@"));
        return QUERY_PASSWORD.matcher(withoutUser).replaceAll("password=" + java.util.regex.Matcher.quoteReplacement(Secret.MASK));
    }
}
