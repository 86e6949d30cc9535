package dev.portico.config;

/** One resolved configuration value and where it came from, for {@code config:show}. */
public record ConfigValue(ConfigKey key, String value, Source source) {
    /** Where a value came from; later sources win. */
    public enum Source { DEFAULT, CACHE, DOTENV, ENVIRONMENT }

    /** The value as it may be shown: secrets masked, unset shown as empty. */
    public String shown() {
        if (value == null) {
            return "";
        }
        return key.secret() ? Secret.MASK : value;
    }
}
