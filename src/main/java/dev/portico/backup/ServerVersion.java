package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The product and version of a restore target, and whether Portico's SQL runs on it: PostgreSQL 12+,
 * MariaDB 10.5+, MySQL 8.0+, SQLite 3.35+ (RETURNING, DROP COLUMN). Immutable.
 */
record ServerVersion(String product, int major, int minor, String text) {
    private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)");

    /** Reads the version from an open connection to the target. */
    static ServerVersion of(Connection connection, DatabaseEngine engine) throws SQLException {
        if (engine == DatabaseEngine.SQLITE) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT sqlite_version()")) {
                rows.next();
                return parse(engine, "SQLite", rows.getString(1));
            }
        }
        DatabaseMetaData meta = connection.getMetaData();
        return parse(engine, meta.getDatabaseProductName(), meta.getDatabaseProductVersion());
    }

    /** The SQLite library this process links, for a target file that does not exist yet (creates nothing). */
    static ServerVersion sqliteLibrary() throws SQLException {
        try (Connection memory = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            return of(memory, DatabaseEngine.SQLITE);
        }
    }

    static ServerVersion parse(DatabaseEngine engine, String productName, String versionText) {
        String text = versionText.strip();
        if (text.startsWith("5.5.5-")) {
            text = text.substring("5.5.5-".length()); // MariaDB's old replication prefix
        }
        String product = switch (engine) {
            case SQLITE -> "SQLite";
            case POSTGRESQL -> "PostgreSQL";
            case MYSQL -> text.contains("MariaDB") || productName.contains("MariaDB") ? "MariaDB" : "MySQL";
        };
        Matcher numbers = NUMBERS.matcher(text);
        if (!numbers.lookingAt()) {
            Matcher major = Pattern.compile("(\\d+)").matcher(text);
            if (!major.lookingAt()) {
                throw new PorticoException(ErrorCode.REFUSED, "The target database reports " + product + " version '"
                        + text + "', which Portico cannot read; nothing was written.");
            }
            return new ServerVersion(product, Integer.parseInt(major.group(1)), 0, text);
        }
        return new ServerVersion(product, Integer.parseInt(numbers.group(1)), Integer.parseInt(numbers.group(2)), text);
    }

    /** The oldest version Portico's SQL needs, as "major.minor". */
    String minimum() {
        return switch (product) {
            case "PostgreSQL" -> "12.0";
            case "MariaDB" -> "10.5";
            case "MySQL" -> "8.0";
            default -> "3.35";
        };
    }

    boolean supported() {
        String[] parts = minimum().split("\\.");
        int minMajor = Integer.parseInt(parts[0]);
        int minMinor = Integer.parseInt(parts[1]);
        return major > minMajor || (major == minMajor && minor >= minMinor);
    }

    @Override
    public String toString() {
        return product + " " + major + "." + minor;
    }
}
