package dev.portico.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals stored secrets with AES-256-GCM under the {@link KeyPurpose#ENCRYPTION} subkey, in an envelope
 * {@code pv1:<fingerprint>:<base64url(nonce || ciphertext+tag)>} that names the key it was sealed with.
 * Thread-safe: each call uses its own {@link Cipher}.
 */
public final class SecretBox {
    static final String VERSION = "pv1";
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String fingerprint;
    private final byte[] header;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(AppKey appKey) {
        this.key = new SecretKeySpec(appKey.subkey(KeyPurpose.ENCRYPTION), "AES");
        this.fingerprint = appKey.fingerprint();
        // The header is the AAD, so moving a ciphertext under another header fails authentication.
        this.header = (VERSION + ":" + fingerprint).getBytes(US_ASCII);
    }

    public String seal(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        byte[] payload = new byte[NONCE_LENGTH];
        random.nextBytes(payload);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, payload));
            cipher.updateAAD(header);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(UTF_8));
            byte[] combined = new byte[NONCE_LENGTH + sealed.length];
            System.arraycopy(payload, 0, combined, 0, NONCE_LENGTH);
            System.arraycopy(sealed, 0, combined, NONCE_LENGTH, sealed.length);
            return new String(header, US_ASCII) + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(combined);
        } catch (GeneralSecurityException e) {
            throw unavailable(e);
        }
    }

    public String open(String envelope) {
        if (envelope == null) {
            return null;
        }
        Envelope parsed = Envelope.parse(envelope);
        if (!parsed.fingerprint().equals(fingerprint)) {
            throw new PorticoException(ErrorCode.REFUSED, "This secret was sealed with key " + parsed.fingerprint()
                    + ", but APP_KEY is " + fingerprint + ". Restore the .env that belongs to this database.");
        }
        byte[] payload = parsed.payload();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_LENGTH));
            cipher.updateAAD(header);
            return new String(cipher.doFinal(payload, NONCE_LENGTH, payload.length - NONCE_LENGTH), UTF_8);
        } catch (AEADBadTagException e) {
            throw Envelope.damaged("its ciphertext or header was altered", e);
        } catch (GeneralSecurityException e) {
            throw unavailable(e);
        }
    }

    /** Whether {@code value} is a well-formed envelope of the current version (it may still fail to open). */
    public static boolean isSealed(String value) {
        if (value == null || !value.startsWith(VERSION + ":")) {
            return false;
        }
        try {
            Envelope.parse(value);
            return true;
        } catch (PorticoException notAnEnvelope) {
            return false;
        }
    }

    /** The fingerprint of the key {@code envelope} was sealed with, read from its header (null for null). */
    public static String sealedWith(String envelope) {
        return envelope == null ? null : Envelope.parse(envelope).fingerprint();
    }

    private static PorticoException unavailable(GeneralSecurityException cause) {
        return new PorticoException(ErrorCode.FAILED, "This Java runtime cannot run AES-256-GCM, which every "
                + "Java 17 runtime must provide. Run Portico on a standard JDK or JRE.", cause);
    }

    private record Envelope(String fingerprint, byte[] payload) {
        Envelope {
            if (!AppKey.isFingerprint(fingerprint)) {
                throw damaged("the key fingerprint in its header is not 12 lowercase hex characters", null);
            }
            if (payload.length < NONCE_LENGTH + TAG_BITS / 8) {
                throw damaged("it is truncated", null);
            }
        }

        static Envelope parse(String text) {
            int first = text.indexOf(':');
            String version = first < 0 ? "" : text.substring(0, first);
            if (!version.equals(VERSION)) {
                if (version.matches("pv[0-9]+")) {
                    throw new PorticoException(ErrorCode.REFUSED, "A stored secret is sealed in envelope version "
                            + version + ", but this Portico reads only " + VERSION
                            + ". Upgrade Portico to the release that wrote it.");
                }
                throw damaged("it does not start with " + VERSION + ":", null);
            }
            int second = text.indexOf(':', first + 1);
            if (second < 0) {
                throw damaged("it has no payload after the key fingerprint", null);
            }
            try {
                return new Envelope(text.substring(first + 1, second),
                        Base64.getUrlDecoder().decode(text.substring(second + 1)));
            } catch (IllegalArgumentException e) {
                throw damaged("its payload is not base64url", e);
            }
        }

        static PorticoException damaged(String detail, Throwable cause) {
            return new PorticoException(ErrorCode.FAILED, "A stored secret is damaged (" + detail
                    + "): it fails authentication. Set the secret again, or restore it from a backup.", cause);
        }
    }
}
