package dev.portico.config;

/** A configuration value that must never be printed: its {@code toString} is a mask. */
public record Secret(String value) {
    public static final String MASK = "**********";

    public Secret {
        if (value == null) {
            throw new IllegalArgumentException("a secret needs a value");
        }
    }

    @Override
    public String toString() {
        return MASK;
    }
}
