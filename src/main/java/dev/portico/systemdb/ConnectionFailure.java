package dev.portico.systemdb;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DatabaseEngine;
import dev.portico.config.DatabaseSettings;
import dev.portico.config.Secret;
import java.sql.SQLException;
import java.util.Locale;

/** Turns a driver's connection error into one message that says what to do; never the password. */
public final class ConnectionFailure {
    private ConnectionFailure() {
    }

    static PorticoException explain(DatabaseSettings settings, SQLException error) {
        String state = error.getSQLState() == null ? "" : error.getSQLState();
        String text = scrub(settings, String.valueOf(error.getMessage())).toLowerCase(Locale.ROOT);
        String where = settings.describe();
        if (settings.engine() == DatabaseEngine.SQLITE) {
            return new PorticoException(ErrorCode.UNAVAILABLE, "Cannot open the " + where + " ("
                    + scrub(settings, error.getMessage()) + "). Check that the file and its folder are readable and "
                    + "writable by this user, or point DB_DATABASE elsewhere.", error);
        }
        if (state.startsWith("28") || error.getErrorCode() == 1045 || text.contains("password authentication failed")
                || text.contains("access denied")) {
            return new PorticoException(ErrorCode.UNAVAILABLE, "The " + where + " refused the login for user '"
                    + settings.username() + "'. Check DB_USERNAME and DB_PASSWORD in .env.", error);
        }
        if (state.equals("3D000") || error.getErrorCode() == 1049 || text.contains("unknown database")
                || (text.contains("database") && text.contains("does not exist"))) {
            return new PorticoException(ErrorCode.UNAVAILABLE, "The " + where + " does not exist. Create it first (CREATE DATABASE "
                    + settings.database() + ") or fix DB_DATABASE in .env.", error);
        }
        if (state.startsWith("08") || text.contains("connection refused") || text.contains("connect")
                || text.contains("timed out") || text.contains("unknownhost")) {
            return new PorticoException(ErrorCode.UNAVAILABLE, "Cannot reach the " + where + " ("
                    + firstLine(scrub(settings, error.getMessage())) + "). Start the database server, or fix DB_HOST and DB_PORT in .env.", error);
        }
        return new PorticoException(ErrorCode.UNAVAILABLE, "Cannot connect to the " + where + " ("
                + firstLine(scrub(settings, error.getMessage())) + ").", error);
    }

    /** Removes the configured password from a driver message, in case a driver ever echoes it. */
    public static String scrub(DatabaseSettings settings, String message) {
        if (message == null) {
            return "";
        }
        Secret password = settings.password();
        if (password != null && !password.value().isEmpty()) {
            return message.replace(password.value(), Secret.MASK);
        }
        return message;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
