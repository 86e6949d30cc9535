package dev.portico.auth;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.crypto.PasswordHasher;
import dev.portico.systemdb.SqlHandle;
import dev.portico.systemdb.SystemDatabase;
import dev.portico.systemdb.UtcTimestamps;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Creates sys-admin accounts and resets their passwords. Thread-safe. */
public final class AdminAccounts {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    /** DreamFactory requires at least 16 characters since 2024; Portico does too. */
    public static final int MIN_PASSWORD_LENGTH = 16;
    /**
     * How long a revocation row must outlive the sessions it revokes: the longest refresh window
     * (DreamFactory's default refresh TTL, 20160 minutes). A token issued before the reset cannot be
     * refreshed past it, so afterwards the row revokes nothing and may be purged.
     */
    static final Duration LONGEST_SESSION = Duration.ofDays(14);

    private final SystemDatabase database;
    private final PasswordHasher hasher;
    private final SecureRandom random = new SecureRandom();

    public AdminAccounts(SystemDatabase database, PasswordHasher hasher) {
        this.database = database;
        this.hasher = hasher;
    }

    public int countSysAdmins() {
        long admins = database.transaction(handle -> handle.number(
                "SELECT COUNT(*) FROM user_account WHERE is_sys_admin = ?", true));
        return (int) admins;
    }

    /** A sys-admin ready to insert: checked, its password already hashed (the slow part). */
    public record NewAdmin(String email, String name, String passwordHash) {
    }

    /** Creates a sys-admin; returns its id. */
    public long create(String email, String name, String password) {
        return insert(prepare(email, name, password));
    }

    /** Checks the e-mail and password and hashes the password; touches no database. */
    public NewAdmin prepare(String email, String name, String password) {
        if (email == null || !EMAIL.matcher(email).matches()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "'" + email + "' is not an e-mail address. Give one like admin@example.com.");
        }
        requireLongEnough(password);
        String displayName = name == null || name.isBlank() ? email.substring(0, email.indexOf('@')) : name;
        return new NewAdmin(email, displayName, hasher.hash(password));
    }

    /** Inserts a prepared sys-admin; a taken e-mail is a conflict. Returns the new id. */
    public long insert(NewAdmin admin) {
        Instant now = UtcTimestamps.now();
        return database.transaction(handle -> {
            if (handle.number("SELECT COUNT(*) FROM user_account WHERE LOWER(email) = ?",
                    admin.email().toLowerCase(java.util.Locale.ROOT)) > 0) {
                throw new PorticoException(ErrorCode.CONFLICT, "A user with e-mail " + admin.email()
                        + " already exists. Use another address, or `portico admin:password` to reset it.");
            }
            return handle.insert("INSERT INTO user_account (name, email, password, is_sys_admin, is_active, "
                    + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", admin.name(), admin.email(),
                    admin.passwordHash(), true, true, now, now);
        });
    }

    /** The id of the sys-admin with this e-mail; an unknown e-mail or a user who is not a sys-admin is not found. */
    public long sysAdminId(String email) {
        return database.transaction(handle -> sysAdminId(handle, email));
    }

    /**
     * Sets a sys-admin's password and, in the same transaction, revokes every session of that user
     * issued before now. Returns the user's id.
     */
    public long resetPassword(String email, String password) {
        requireLongEnough(password);
        String hash = hasher.hash(password);
        Instant now = UtcTimestamps.now();
        return database.transaction(handle -> {
            long id = sysAdminId(handle, email);
            handle.update("UPDATE user_account SET password = ?, updated_at = ? WHERE id = ?", hash, now, id);
            handle.update("INSERT INTO token_revocation (user_id, token_id, revoked_before, expires_at, created_at) "
                    + "VALUES (?, NULL, ?, ?, ?)", id, now, now.plus(LONGEST_SESSION), now);
            return id;
        });
    }

    private static long sysAdminId(SqlHandle handle, String email) throws SQLException {
        Optional<Map<String, Object>> admin = handle.row(
                "SELECT id FROM user_account WHERE email = ? AND is_sys_admin = ?", email, true);
        if (admin.isPresent()) {
            return ((Number) admin.get().get("id")).longValue();
        }
        if (handle.number("SELECT COUNT(*) FROM user_account WHERE email = ?", email) > 0) {
            throw new PorticoException(ErrorCode.NOT_FOUND, "The user " + email + " is not a sys-admin, so "
                    + "`portico admin:password` does not reset it. Reset it from the admin app, or give a sys-admin's e-mail.");
        }
        throw new PorticoException(ErrorCode.NOT_FOUND, "No user has the e-mail " + email
                + ". Check the address, or run `portico admin:create --email " + email + "` to add a sys-admin.");
    }

    private static void requireLongEnough(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "The password must be at least " + MIN_PASSWORD_LENGTH
                    + " characters long. Choose a longer one, or leave it out to have one generated.");
        }
    }

    /** A random password of 24 characters from an unambiguous alphabet. */
    public String generatePassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }
}
