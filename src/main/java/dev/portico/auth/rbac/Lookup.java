package dev.portico.auth.rbac;

/**
 * One lookup key ({@code lookup} row): a name used as {@code {name}} and its decrypted value. A private
 * lookup's value is only for service configs; {@link #toString()} masks it so it cannot reach a log.
 * Names are case-sensitive, as in DreamFactory, and are written without braces. Immutable and thread-safe.
 */
public record Lookup(String name, String value, boolean privateValue) {
    /** What clients see instead of a private value, as in DreamFactory. */
    public static final String MASK = "**********";

    public Lookup {
        checkName(name);
        if (value == null) {
            throw new IllegalArgumentException("Lookup '" + name + "' has no value; store \"\" for an empty one.");
        }
    }

    static void checkName(String name) {
        if (name == null || name.isBlank() || name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
            throw new IllegalArgumentException("Lookup name '" + name
                    + "' must be non-blank and written without braces, e.g. 'region' for {region}.");
        }
    }

    Lookup masked() {
        return privateValue ? new Lookup(name, MASK, true) : this;
    }

    @Override
    public String toString() {
        return "Lookup[name=" + name + ", value=" + (privateValue ? MASK : value) + ", privateValue=" + privateValue + "]";
    }
}
