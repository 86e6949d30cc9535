package dev.portico.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A system resource served under {@code /api/v2/system/{name}}: its table, its fields, the fixed
 * condition that scopes it (sys-admins and users share one table) and what {@code related} can
 * embed. Immutable.
 */
public record ResourceSpec(String name, String table, List<FieldSpec> fields, Map<String, Object> scope,
                           List<RelationSpec> relations, boolean audited) {
    public ResourceSpec {
        fields = List.copyOf(fields);
        scope = Map.copyOf(scope);
        relations = List.copyOf(relations);
    }

    public Optional<FieldSpec> field(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    public Optional<RelationSpec> relation(String name) {
        return relations.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }

    /** Builds a spec; the id, audit and timestamp fields every resource shares come first and last. */
    static Builder named(String name, String table) {
        return new Builder(name, table);
    }

    static final class Builder {
        private final String name;
        private final String table;
        private final List<FieldSpec> fields = new ArrayList<>();
        private final Map<String, Object> scope = new LinkedHashMap<>();
        private final List<RelationSpec> relations = new ArrayList<>();
        private boolean audited = true;

        Builder(String name, String table) {
            this.name = name;
            this.table = table;
            fields.add(FieldSpec.of("id", FieldSpec.Kind.ID, FieldSpec.Rule.READ_ONLY));
        }

        Builder field(String fieldName, FieldSpec.Kind kind, FieldSpec.Rule... rules) {
            fields.add(FieldSpec.of(fieldName, kind, rules));
            return this;
        }

        Builder mapped(String fieldName, String column, FieldSpec.Kind kind, FieldSpec.Rule... rules) {
            fields.add(FieldSpec.mapped(fieldName, column, kind, rules));
            return this;
        }

        Builder scope(String column, Object value) {
            scope.put(column, value);
            return this;
        }

        Builder related(String relation, String childResource, String foreignKey) {
            relations.add(new RelationSpec(relation, childResource, foreignKey));
            return this;
        }

        Builder withoutAuditColumns() {
            audited = false;
            return this;
        }

        ResourceSpec build() {
            List<FieldSpec> all = new ArrayList<>(fields);
            all.add(FieldSpec.mapped("created_date", "created_at", FieldSpec.Kind.TIMESTAMP, FieldSpec.Rule.READ_ONLY));
            all.add(FieldSpec.mapped("last_modified_date", "updated_at", FieldSpec.Kind.TIMESTAMP, FieldSpec.Rule.READ_ONLY));
            if (audited) {
                all.add(FieldSpec.of("created_by_id", FieldSpec.Kind.INTEGER, FieldSpec.Rule.READ_ONLY));
                all.add(FieldSpec.mapped("last_modified_by_id", "updated_by_id", FieldSpec.Kind.INTEGER,
                        FieldSpec.Rule.READ_ONLY));
            }
            return new ResourceSpec(name, table, all, scope, relations, audited);
        }
    }
}
