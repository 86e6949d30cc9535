package dev.portico.auth;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.crypto.PasswordHasher;
import dev.portico.systemdb.SystemDatabase;
import dev.portico.systemdb.UtcTimestamps;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.regex.Pattern;

/** Creates sys-admin accounts and resets their passwords. Thread-safe. */
public final class AdminAccounts {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    /** DreamFactory requires at least 16 characters since 2024; Portico does too. */
    public static final int MIN_PASSWORD_LENGTH = 16;

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
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "The password must be at least " + MIN_PASSWORD_LENGTH
                    + " characters long. Choose a longer one, or leave it out to have one generated.");
        }
        String displayName = name == null || name.isBlank() ? email.substring(0, email.indexOf('@')) : name;
        return new NewAdmin(email, displayName, hasher.hash(password));
    }

    /** Inserts a prepared sys-admin; a taken e-mail is a conflict. Returns the new id. */
    public long insert(NewAdmin admin) {
        Instant now = UtcTimestamps.now();
        return database.transaction(handle -> {
            if (handle.number("SELECT COUNT(*) FROM user_account WHERE email = ?", admin.email()) > 0) {
                throw new PorticoException(ErrorCode.CONFLICT, "A user with e-mail " + admin.email()
                        + " already exists. Use another address, or `portico admin:password` to reset it.");
            }
            return handle.insert("INSERT INTO user_account (name, email, password, is_sys_admin, is_active, "
                    + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", admin.name(), admin.email(),
                    admin.passwordHash(), true, true, now, now);
        });
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
