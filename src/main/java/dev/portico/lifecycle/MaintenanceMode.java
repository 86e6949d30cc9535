package dev.portico.lifecycle;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.systemdb.SystemDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Maintenance mode, kept in the instance row of the system database (schema 2) so that every node
 * sharing the database honours it. While down, the API answers 503 except to admin login and to
 * requests that present the bypass secret, which is stored only as its SHA-256. Stateless: every
 * call reads or writes the database; safe to share between threads. API writes of the system database
 * check it inside their own transaction ({@link dev.portico.systemdb.WriteFence}).
 */
public final class MaintenanceMode {
    /** The secret travels in this request header. */
    public static final String SECRET_HEADER = "X-Portico-Maintenance-Secret";

    /** Whether the instance is down, since when, the retry hint for clients, and the secret's digest. */
    public record State(Optional<Instant> since, int retrySeconds, Optional<String> secretHash) {
        public static final State UP = new State(Optional.empty(), 0, Optional.empty());

        public boolean down() {
            return since.isPresent();
        }

        /** True when {@code presented} is the bypass secret (compared in constant time). */
        public boolean admits(String presented) {
            return presented != null && secretHash.isPresent() && MessageDigest.isEqual(
                    digest(presented).getBytes(StandardCharsets.US_ASCII),
                    secretHash.get().getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** The schema version that added the maintenance columns; an older database cannot be taken down. */
    public static final int SINCE_SCHEMA = 2;

    private final SystemDatabase database;

    public MaintenanceMode(SystemDatabase database) {
        this.database = database;
    }

    public State read() {
        return database.read(handle -> {
            try (PreparedStatement statement = handle.connection().prepareStatement("SELECT maintenance_started_at, "
                    + "maintenance_retry_seconds, maintenance_secret_hash FROM instance WHERE id = 1");
                 ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return State.UP;
                }
                Instant since = database.timestamps().read(rows, 1);
                return since == null ? State.UP
                        : new State(Optional.of(since), rows.getInt(2), Optional.ofNullable(rows.getString(3)));
            }
        });
    }

    /** Takes the instance down (again: a second call replaces the retry hint and secret, keeps nothing else). */
    public State down(Optional<String> secret, int retrySeconds, Instant now) {
        if (retrySeconds < 0) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "--retry must be 0 or more seconds, not " + retrySeconds + ".");
        }
        Optional<String> hash = secret.map(MaintenanceMode::digest);
        int changed = database.transaction(handle -> handle.update("UPDATE instance SET maintenance_started_at = "
                + "COALESCE(maintenance_started_at, ?), maintenance_retry_seconds = ?, maintenance_secret_hash = ? "
                + "WHERE id = 1", now, retrySeconds, hash.orElse(null)));
        if (changed == 0) {
            throw new PorticoException(ErrorCode.FAILED, "The " + database.describe() + " has no instance row: run "
                    + "`portico setup` (or `portico migrate --seed`) first.");
        }
        return read();
    }

    /** Brings the instance up; returns the state it was in. */
    public State up() {
        State before = read();
        database.transaction(handle -> handle.update("UPDATE instance SET maintenance_started_at = NULL, "
                + "maintenance_retry_seconds = NULL, maintenance_secret_hash = NULL WHERE id = 1"));
        return before;
    }

    static String digest(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
