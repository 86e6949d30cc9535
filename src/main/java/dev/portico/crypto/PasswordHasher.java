package dev.portico.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.security.SecureRandom;
import java.util.Objects;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Hashes and verifies user passwords with bcrypt, reading the {@code $2a$}, {@code $2b$} and
 * {@code $2y$} hashes that PHP (and so DreamFactory) writes. Thread-safe.
 */
public final class PasswordHasher {
    static final int DEFAULT_COST = 12;
    // bcrypt ignores everything past 72 bytes; refusing such passwords beats silently truncating them.
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final int HASH_LENGTH = 60;

    private final int cost;
    private final SecureRandom random = new SecureRandom();

    public PasswordHasher() {
        this(DEFAULT_COST);
    }

    /** A hasher with the given bcrypt cost (log2 of rounds); tests use 4 to stay fast. */
    public PasswordHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new PorticoException(ErrorCode.CONFIGURATION,
                    "The bcrypt cost must be between 4 and 31, but it is " + cost + ". The default is " + DEFAULT_COST + ".");
        }
        this.cost = cost;
    }

    public String hash(String password) {
        Objects.requireNonNull(password, "password");
        int length = password.getBytes(UTF_8).length;
        if (length > MAX_PASSWORD_BYTES) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "The password is " + length
                    + " bytes long in UTF-8, but bcrypt uses at most " + MAX_PASSWORD_BYTES + ". Choose a shorter password.");
        }
        return BCrypt.hashpw(password, BCrypt.gensalt(cost, random));
    }

    /** True when {@code password} matches {@code hash}; false, never an exception, for a null or garbled hash. */
    public boolean verify(String password, String hash) {
        if (password == null || hash == null || hash.length() != HASH_LENGTH) {
            return false;
        }
        if (!(hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$"))) {
            return false;
        }
        try {
            // $2b$ and $2y$ differ from $2a$ only in which historic PHP/OpenBSD bug they disown;
            // Spring's BCrypt computes all three the same way and compares in constant time.
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException garbled) {
            return false;
        }
    }
}
