package dev.portico.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Wraps {@code APP_KEY} under an operator passphrase: Argon2id (memory-hard, parameters recorded with
 * the result so they can be raised later) derives a 256-bit key that seals the key's 32 bytes with
 * AES-256-GCM, the key's fingerprint as associated data. Stateless and thread-safe.
 */
public final class KeyWrap {
    public static final String KDF = "argon2id";
    public static final String CIPHER = "aes-256-gcm";
    public static final int MIN_PASSPHRASE_LENGTH = 12;
    /** RFC 9106's second recommended option (64 MiB, 3 passes), one lane: about half a second here. */
    public static final Params DEFAULT = new Params(65_536, 3, 1);
    private static final int SALT_LENGTH = 16;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    /** Argon2id cost: memory in KiB, passes, lanes. Bounded so a hostile archive cannot exhaust memory. */
    public record Params(int memoryKib, int iterations, int parallelism) {
        public Params {
            if (memoryKib < 8_192 || memoryKib > 1_048_576 || iterations < 1 || iterations > 64
                    || parallelism < 1 || parallelism > 16) {
                throw new PorticoException(ErrorCode.CHECKS_FAILED, "The key-derivation parameters (memory "
                        + memoryKib + " KiB, " + iterations + " passes, " + parallelism + " lanes) are outside what "
                        + "Portico accepts (8 MiB to 1 GiB, 1 to 64 passes, 1 to 16 lanes): the key entry is damaged.");
            }
        }
    }

    /** A wrapped key: what to derive the wrapping key with, and the sealed key, all base64 (standard). */
    public record Wrapped(String kdf, Params params, String salt, String cipher, String nonce, String ciphertext,
                          String fingerprint) {
    }

    private KeyWrap() {
    }

    /** Refuses a passphrase too short to stand up to guessing. */
    public static void checkPassphrase(char[] passphrase) {
        if (passphrase == null || passphrase.length < MIN_PASSPHRASE_LENGTH) {
            throw new PorticoException(ErrorCode.BAD_REQUEST, "The backup passphrase must have at least "
                    + MIN_PASSPHRASE_LENGTH + " characters (it has " + (passphrase == null ? 0 : passphrase.length)
                    + "); nothing was written. Choose a longer one.");
        }
    }

    public static Wrapped wrap(AppKey key, char[] passphrase) {
        checkPassphrase(passphrase);
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[SALT_LENGTH];
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] raw = Base64.getDecoder().decode(key.encoded().substring("base64:".length()));
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, derive(passphrase, salt, DEFAULT), nonce, key.fingerprint())
                    .doFinal(raw);
            return new Wrapped(KDF, DEFAULT, BASE64.encodeToString(salt), CIPHER, BASE64.encodeToString(nonce),
                    BASE64.encodeToString(sealed), key.fingerprint());
        } catch (GeneralSecurityException e) {
            throw unavailable(e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Opens a wrapped key; a wrong passphrase is refused (exit 4) without saying anything about the key. */
    public static AppKey unwrap(Wrapped wrapped, char[] passphrase) {
        if (!KDF.equals(wrapped.kdf()) || !CIPHER.equals(wrapped.cipher())) {
            throw new PorticoException(ErrorCode.REFUSED, "The key in the archive is wrapped with " + wrapped.kdf()
                    + " and " + wrapped.cipher() + "; this Portico knows " + KDF + " and " + CIPHER
                    + ". Use the Portico that wrote the archive, or newer.");
        }
        byte[] raw = null;
        try {
            Base64.Decoder decoder = Base64.getDecoder();
            raw = cipher(Cipher.DECRYPT_MODE, derive(passphrase, decoder.decode(wrapped.salt()), wrapped.params()),
                    decoder.decode(wrapped.nonce()), wrapped.fingerprint()).doFinal(decoder.decode(wrapped.ciphertext()));
            AppKey key = AppKey.parse("base64:" + BASE64.encodeToString(raw));
            if (!key.fingerprint().equals(wrapped.fingerprint())) {
                throw new PorticoException(ErrorCode.CHECKS_FAILED, "The wrapped key opened but its fingerprint is "
                        + key.fingerprint() + ", not the recorded " + wrapped.fingerprint() + ": the key entry is damaged.");
            }
            return key;
        } catch (AEADBadTagException e) {
            throw new PorticoException(ErrorCode.REFUSED, "Wrong passphrase: it does not open the key wrapped in the "
                    + "archive (or the key entry was altered). Nothing was written. Try again with the passphrase "
                    + "given to `portico backup --with-key`.");
        } catch (IllegalArgumentException e) {
            throw new PorticoException(ErrorCode.CHECKS_FAILED, "The wrapped key in the archive is not valid base64: "
                    + "the key entry is damaged.");
        } catch (GeneralSecurityException e) {
            throw unavailable(e);
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    private static byte[] derive(char[] passphrase, byte[] salt, Params params) {
        Argon2Parameters argon = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt).withMemoryAsKB(params.memoryKib())
                .withIterations(params.iterations()).withParallelism(params.parallelism()).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(argon);
        ByteBuffer encoded = UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        byte[] out = new byte[32];
        try {
            generator.generateBytes(bytes, out);
            return out;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, String fingerprint) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        Arrays.fill(key, (byte) 0);
        // the fingerprint is bound to the ciphertext: moving a wrapped key under another name fails
        cipher.updateAAD(("portico-key-wrap-v1:" + fingerprint).getBytes(US_ASCII));
        return cipher;
    }

    private static PorticoException unavailable(GeneralSecurityException cause) {
        return new PorticoException(ErrorCode.FAILED, "This Java runtime cannot run AES-256-GCM, which every "
                + "Java 17 runtime must provide. Run Portico on a standard JDK or JRE.", cause);
    }
}
