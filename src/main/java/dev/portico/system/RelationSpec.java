package dev.portico.system;

/**
 * A related list that {@code related=} can embed: the rows of {@code child} whose
 * {@code foreignKey} column points at the parent's id, named as DreamFactory names it
 * ({@code role_service_access_by_role_id}).
 */
public record RelationSpec(String name, String childResource, String foreignKey) {
}
