package dev.portico.crypto;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869) and the HMAC-SHA256 it is built on. Written here rather than imported
 * because the JDK 17 has no HKDF and the construction is twenty lines. Stateless, thread-safe.
 */
final class Hkdf {
    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final int HASH_LENGTH = 32;

    private Hkdf() {
    }

    static byte[] derive(byte[] salt, byte[] inputKey, byte[] info, int length) {
        return expand(extract(salt, inputKey), info, length);
    }

    static byte[] extract(byte[] salt, byte[] inputKey) {
        // RFC 5869 section 2.2: a missing salt means HashLen zero bytes.
        byte[] effectiveSalt = salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt;
        return hmac(effectiveSalt, inputKey);
    }

    static byte[] expand(byte[] pseudoRandomKey, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF output length must be 1.." + 255 * HASH_LENGTH + ", got " + length);
        }
        Mac mac = mac(pseudoRandomKey);
        byte[] output = new byte[length];
        byte[] block = new byte[0];
        int written = 0;
        for (int counter = 1; written < length; counter++) {
            mac.update(block);
            mac.update(info);
            mac.update((byte) counter);
            block = mac.doFinal();
            int count = Math.min(block.length, length - written);
            System.arraycopy(block, 0, output, written, count);
            written += count;
        }
        return output;
    }

    static byte[] hmac(byte[] key, byte[] message) {
        return mac(key).doFinal(message);
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(key, HMAC_SHA256));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new PorticoException(ErrorCode.FAILED,
                    "This Java runtime cannot compute HmacSHA256, which every Java 17 runtime must provide. "
                            + "Run Portico on a standard JDK or JRE.", e);
        }
    }
}
