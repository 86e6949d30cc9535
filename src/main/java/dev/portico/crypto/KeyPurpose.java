package dev.portico.crypto;

/**
 * What a subkey of {@link AppKey} is for. Each purpose has its own HKDF label, so a key derived for
 * one use is useless for another; the {@code /v1} suffix lets a purpose change its derivation later.
 */
public enum KeyPurpose {
    ENCRYPTION("portico/encryption/v1"),
    TOKEN_SIGNING("portico/token-signing/v1"),
    CANARY("portico/canary/v1"),
    FINGERPRINT("portico/fingerprint/v1");

    private final String label;

    KeyPurpose(String label) {
        this.label = label;
    }

    /** The HKDF {@code info} string for this purpose. */
    public String label() {
        return label;
    }
}
