package dev.portico.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The instance key {@code APP_KEY} ({@code base64:} and 32 random bytes, as Laravel writes it), from
 * which every other key is derived. Immutable and thread-safe; {@link #toString()} shows only the
 * fingerprint.
 */
public final class AppKey {
    static final int LENGTH = 32;
    private static final String PREFIX = "base64:";
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{12}");
    private static final String REMEDY = "Run `portico key:generate` to create a new key, "
            + "or restore the APP_KEY from the .env that belongs to this database.";

    private final byte[] key;
    private final String fingerprint;

    private AppKey(byte[] key) {
        this.key = key;
        this.fingerprint = HexFormat.of().formatHex(
                Hkdf.hmac(subkey(KeyPurpose.FINGERPRINT), "fingerprint".getBytes(US_ASCII)), 0, 6);
    }

    /** Parses {@code APP_KEY}; every error says what is wrong without quoting any of the key. */
    public static AppKey parse(String text) {
        if (text == null || text.isBlank()) {
            throw configuration("APP_KEY is not set. Run `portico key:generate` to create one.");
        }
        String trimmed = text.strip();
        if (!trimmed.startsWith(PREFIX)) {
            throw configuration("APP_KEY must start with `base64:` followed by the base64 of 32 random bytes. "
                    + REMEDY);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(trimmed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            // The cause is dropped on purpose: the decoder's message quotes a character of the key.
            throw configuration("APP_KEY is not valid base64 after the `base64:` prefix; "
                    + "it may have been cut or wrapped when it was copied. " + REMEDY);
        }
        if (bytes.length != LENGTH) {
            throw configuration("APP_KEY decodes to " + bytes.length + " bytes, but it must be exactly "
                    + LENGTH + " bytes. " + REMEDY);
        }
        return new AppKey(bytes);
    }

    public static AppKey generate() {
        byte[] bytes = new byte[LENGTH];
        new SecureRandom().nextBytes(bytes);
        return new AppKey(bytes);
    }

    /** The {@code base64:...} text, for writing {@code .env} and nothing else. */
    public String encoded() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /**
     * Twelve hex characters naming this key without revealing it: the first 6 bytes of
     * HMAC-SHA256(HKDF subkey for {@link KeyPurpose#FINGERPRINT}, "fingerprint").
     */
    public String fingerprint() {
        return fingerprint;
    }

    /** A fresh copy of the 32-byte HKDF-SHA256 subkey for {@code purpose} (empty salt, label as info). */
    public byte[] subkey(KeyPurpose purpose) {
        return Hkdf.derive(null, key, purpose.label().getBytes(US_ASCII), LENGTH);
    }

    static boolean isFingerprint(String text) {
        return text != null && FINGERPRINT.matcher(text).matches();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AppKey that && MessageDigest.isEqual(key, that.key);
    }

    @Override
    public int hashCode() {
        // From the fingerprint, not the raw bytes, so a hash code leaks nothing about the key.
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "AppKey[fingerprint=" + fingerprint + "]";
    }

    private static PorticoException configuration(String message) {
        return new PorticoException(ErrorCode.CONFIGURATION, message);
    }
}
