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
        return database.jdbi().withHandle(handle -> handle
                .createQuery("SELECT COUNT(*) FROM user_account WHERE is_sys_admin = :yes")
                .bind("yes", true).mapTo(Integer.class).one());
    }

    /** Creates a sys-admin; returns its id. */
    public long create(String email, String name, String password) {
        if (email == null || !EMAIL.matcher(email).matches()) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "'" + email + "' is not an e-mail address. Give one like admin@example.com.");
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "The password must be at least " + MIN_PASSWORD_LENGTH
                    + " characters long. Choose a longer one, or leave it out to have one generated.");
        }
        String hash = hasher.hash(password);
        String displayName = name == null || name.isBlank() ? email.substring(0, email.indexOf('@')) : name;
        Instant now = UtcTimestamps.now();
        return database.jdbi().inTransaction(handle -> {
            boolean taken = handle.createQuery("SELECT COUNT(*) FROM user_account WHERE email = :email")
                    .bind("email", email).mapTo(Integer.class).one() > 0;
            if (taken) {
                throw new PorticoException(ErrorCode.CONFLICT, "A user with e-mail " + email
                        + " already exists. Use another address, or `portico admin:password` to reset it.");
            }
            return handle.createUpdate("INSERT INTO user_account (name, email, password, is_sys_admin, is_active, "
                            + "created_at, updated_at) VALUES (:name, :email, :hash, :yes, :yes, :now, :now)")
                    .bind("name", displayName).bind("email", email).bind("hash", hash).bind("yes", true)
                    .bind("now", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
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
