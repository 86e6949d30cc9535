package dev.portico.upgrade;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One breaking change a release brings: a connector (service) type or configuration key removed or
 * renamed, a configuration key it requires, or an API behaviour removed. {@code name} is the type or
 * key affected, {@code to} its new name; {@code touches} says which stored work (scripts, scheduled
 * tasks) an API removal can break. Validated by {@link ReleaseCatalogue}. Immutable.
 */
public record BreakingChange(String id, Kind kind, String name, String to, String description, List<Touch> touches) {
    /** What kind of change it is; the JSON names are lower case. */
    public enum Kind {
        @JsonProperty("connector_removed") CONNECTOR_REMOVED,
        @JsonProperty("connector_renamed") CONNECTOR_RENAMED,
        @JsonProperty("config_removed") CONFIG_REMOVED,
        @JsonProperty("config_renamed") CONFIG_RENAMED,
        @JsonProperty("config_required") CONFIG_REQUIRED,
        @JsonProperty("api_removed") API_REMOVED;

        boolean connector() {
            return this == CONNECTOR_REMOVED || this == CONNECTOR_RENAMED;
        }

        boolean config() {
            return this == CONFIG_REMOVED || this == CONFIG_RENAMED || this == CONFIG_REQUIRED;
        }

        boolean rename() {
            return this == CONNECTOR_RENAMED || this == CONFIG_RENAMED;
        }
    }

    /** Stored work an API behaviour removal may break, so upgrade:check asks for it to be checked. */
    public enum Touch {
        @JsonProperty("scripts") SCRIPTS,
        @JsonProperty("scheduled_tasks") SCHEDULED_TASKS
    }

    public BreakingChange {
        touches = touches == null ? List.of() : List.copyOf(touches);
        description = description == null ? "" : description.strip();
    }

    /** The description with a leading space and the change's id, for messages: " (id: text)". */
    String explained() {
        return " (" + id + (description.isEmpty() ? "" : ": " + description) + ")";
    }
}
