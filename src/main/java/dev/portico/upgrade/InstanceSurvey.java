package dev.portico.upgrade;

import dev.portico.backup.BackupSize;
import dev.portico.systemdb.SchemaState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code upgrade:check} reads from one instance before it plans: the schema and the Portico that
 * last migrated it, the services, scripts and scheduled tasks in use, the configuration keys set (names
 * only, never values), the Java runtime, whether APP_KEY opens the database, and the room for a backup.
 * {@code schema} is empty when there is no system database yet. Immutable.
 */
public record InstanceSurvey(Optional<SchemaState> schema, List<Service> services, List<Script> scripts,
                             List<Task> tasks, Map<String, String> configKeys, Runtime.Version java,
                             Optional<String> keyProblem, Optional<BackupRoom> backup) {
    /** A configured service (connector): its name, type and whether it is active. */
    public record Service(String name, String type, boolean active) {
    }

    /** An event script: the event it handles, its language and whether it is active. */
    public record Script(String name, String type, boolean active) {
    }

    /** A scheduled task and the service it calls. */
    public record Task(String name, String serviceName, String serviceType, boolean active) {
    }

    /** The estimated size of a backup and the free space of the folder it would go to. */
    public record BackupRoom(BackupSize size, Path folder, long free) {
    }

    public InstanceSurvey {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(java, "java");
        services = List.copyOf(services);
        scripts = List.copyOf(scripts);
        tasks = List.copyOf(tasks);
        configKeys = Map.copyOf(configKeys);
    }

    /** The Portico version the instance row names as the last to migrate it, if there is one. */
    public Optional<String> lastMigratedBy() {
        return schema.flatMap(SchemaState::instance).map(instance -> instance.porticoVersion());
    }
}
