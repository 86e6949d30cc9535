package dev.portico.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * What one archive holds, written as {@code manifest.json}, its last entry: where it came from, and
 * for each table its columns with their neutral types, its row count and the SHA-256 of its data file.
 * Tables are listed in the order a restore loads them; {@code files} lists every other entry (.env,
 * the wrapped key, storage files). Archives written before include_key/include_files read them as
 * false. See docs/BACKUP-FORMAT.md. Immutable.
 */
@JsonIgnoreProperties(ignoreUnknown = true) // fields added later within format 1 must not break this reader
@JsonPropertyOrder({"format_version", "portico_version", "schema_version", "source_engine", "instance_id",
    "created_at", "key_fingerprint", "include_env", "include_key", "include_files", "tables", "files"})
public record BackupManifest(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("portico_version") String porticoVersion,
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("source_engine") String sourceEngine,
        @JsonProperty("instance_id") String instanceId,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("key_fingerprint") String keyFingerprint,
        @JsonProperty("include_env") boolean includeEnv,
        @JsonProperty("include_key") boolean includeKey,
        @JsonProperty("include_files") boolean includeFiles,
        @JsonProperty("tables") List<TableEntry> tables,
        @JsonProperty("files") List<FileEntry> files) {
    public static final int FORMAT_VERSION = 1;
    public static final String ENTRY = "manifest.json";

    public BackupManifest {
        Objects.requireNonNull(porticoVersion, "portico_version");
        Objects.requireNonNull(instanceId, "instance_id");
        Objects.requireNonNull(keyFingerprint, "key_fingerprint");
        tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
        files = files == null ? List.of() : List.copyOf(files);
    }

    public long totalRows() {
        return tables.stream().mapToLong(TableEntry::rows).sum();
    }

    /** One table: its data file, its columns in the order of each row's values, and what the file must hash to. */
    @JsonPropertyOrder({"name", "file", "rows", "sha256", "columns"})
    public record TableEntry(String name, String file, long rows, String sha256, List<Column> columns) {
        public TableEntry {
            Objects.requireNonNull(name, "table name");
            Objects.requireNonNull(file, "file of " + name);
            Objects.requireNonNull(sha256, "sha256 of " + name);
            columns = List.copyOf(Objects.requireNonNull(columns, "columns of " + name));
        }
    }

    public record Column(String name, ColumnType type) {
        public Column {
            Objects.requireNonNull(name, "column name");
            Objects.requireNonNull(type, "type of " + name);
        }
    }

    /** Whether the archive holds an entry of this name among its files. */
    public boolean hasFile(String path) {
        return files.stream().anyMatch(file -> file.path().equals(path));
    }

    /** The storage files (entries under files/). */
    public List<FileEntry> storageFiles() {
        return files.stream().filter(file -> file.path().startsWith(StorageFiles.PREFIX)).toList();
    }

    /** Any other entry (.env, the wrapped key, a storage file): its size and SHA-256. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileEntry(String path, long bytes, String sha256) {
        public FileEntry {
            Objects.requireNonNull(path, "file path");
            Objects.requireNonNull(sha256, "sha256 of " + path);
        }
    }
}
