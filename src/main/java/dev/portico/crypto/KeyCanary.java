package dev.portico.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value stored in the system database that proves at start that {@code APP_KEY} is the key the
 * database was sealed with: {@code pc1:<fingerprint>:<hex HMAC-SHA256(canary subkey, "portico key canary")>}.
 * Stateless and thread-safe.
 */
public final class KeyCanary {
    static final String VERSION = "pc1";
    private static final byte[] MESSAGE = "portico key canary".getBytes(US_ASCII);
    private static final Pattern FORMAT = Pattern.compile("pc1:([0-9a-f]{12}):([0-9a-f]{64})");
    private static final Pattern ANY_VERSION = Pattern.compile("(pc[0-9]+):.*", Pattern.DOTALL);

    private KeyCanary() {
    }

    public static String create(AppKey key) {
        return VERSION + ":" + key.fingerprint() + ":" + HexFormat.of().formatHex(mac(key));
    }

    /** Passes when {@code stored} was created with {@code key}; throws a {@link PorticoException} otherwise. */
    public static void check(AppKey key, String stored) {
        Matcher canary = parse(stored);
        String theirs = canary.group(1);
        if (!theirs.equals(key.fingerprint())) {
            throw new PorticoException(ErrorCode.REFUSED, "APP_KEY does not match this system database (key fingerprint "
                    + key.fingerprint() + ", database sealed with " + theirs + "). Restore the .env that belongs to "
                    + "this database, or run `portico key:rotate --old-key` with the key it was sealed with.");
        }
        // Same fingerprint but a different MAC is not another key (a 48-bit collision) but an edited canary.
        if (!MessageDigest.isEqual(mac(key), HexFormat.of().parseHex(canary.group(2)))) {
            throw new PorticoException(ErrorCode.FAILED, "The key canary in the system database names key " + theirs
                    + ", as APP_KEY does, but its MAC does not verify: the canary was altered. "
                    + "Restore the system database from a backup.");
        }
    }

    /** The fingerprint of the key the database was sealed with, read from a stored canary. */
    public static String fingerprintOf(String stored) {
        return parse(stored).group(1);
    }

    private static Matcher parse(String stored) {
        if (stored == null || stored.isBlank()) {
            throw new PorticoException(ErrorCode.FAILED, "The system database has no key canary, so APP_KEY cannot be "
                    + "checked against it. Restore the system database from a backup.");
        }
        Matcher canary = FORMAT.matcher(stored);
        if (canary.matches()) {
            return canary;
        }
        Matcher version = ANY_VERSION.matcher(stored);
        if (version.matches() && !version.group(1).equals(VERSION)) {
            throw new PorticoException(ErrorCode.REFUSED, "The key canary in the system database is version "
                    + version.group(1) + ", but this Portico reads only " + VERSION
                    + ". Upgrade Portico to the release that wrote it.");
        }
        throw new PorticoException(ErrorCode.FAILED, "The key canary in the system database is malformed (expected "
                + VERSION + ":<12 hex fingerprint>:<64 hex MAC>). Restore the system database from a backup.");
    }

    private static byte[] mac(AppKey key) {
        return Hkdf.hmac(key.subkey(KeyPurpose.CANARY), MESSAGE);
    }
}
