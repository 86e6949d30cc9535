package dev.portico.auth.session;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.portico.crypto.AppKey;
import dev.portico.crypto.KeyPurpose;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds token parts by hand, as an attacker would, independently of {@link SessionToken}. */
final class Jwt {
    private Jwt() {
    }

    static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(UTF_8));
    }

    static String decode(String segment) {
        return new String(Base64.getUrlDecoder().decode(segment), UTF_8);
    }

    /** The base64url HMAC of {@code input} with the token-signing subkey of {@code appKey}. */
    static String sign(String algorithm, AppKey appKey, String input) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(appKey.subkey(KeyPurpose.TOKEN_SIGNING), algorithm));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(algorithm + " is not available", e);
        }
    }
}
