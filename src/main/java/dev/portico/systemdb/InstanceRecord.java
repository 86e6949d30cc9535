package dev.portico.systemdb;

/** The row that describes the instance: its id, its key canary, and the Portico that last migrated it. */
public record InstanceRecord(String instanceId, String keyCanary, String porticoVersion) {
}
