package dev.portico.upgrade;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * The state an upgrade can go back to, recorded as {@code storage/backups/<archive name>.rollback.json}
 * beside its verified archive and its copy of {@code .env}: when it was taken, the Portico release and
 * schema it belongs to, the release that was upgrading to, whether the instance was already down for
 * maintenance, and the archive's SHA-256 (a replaced or damaged file is refused). File names are
 * relative to the backups folder, so the instance folder may move. Immutable.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "created_at", "from_version", "from_schema", "to_version", "to_schema", "archive", "env_copy",
    "sha256", "was_down"})
public record RollbackPoint(
        @JsonProperty("id") String id,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("from_version") String fromVersion,
        @JsonProperty("from_schema") int fromSchema,
        @JsonProperty("to_version") String toVersion,
        @JsonProperty("to_schema") int toSchema,
        @JsonProperty("archive") String archive,
        @JsonProperty("env_copy") String envCopy,
        @JsonProperty("sha256") String sha256,
        @JsonProperty("was_down") boolean wasDown) {
    public RollbackPoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "created_at");
        Objects.requireNonNull(fromVersion, "from_version");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(sha256, "sha256");
        if (archive.contains("/") || archive.contains("\\") || (envCopy != null
                && (envCopy.contains("/") || envCopy.contains("\\")))) {
            throw new IllegalArgumentException("archive and env_copy are file names in the backups folder");
        }
    }
}
