package dev.portico.filter;

import dev.portico.config.DatabaseEngine;
import dev.portico.filter.FilterNode.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Renders a {@link FilterNode} to a WHERE condition for one engine. Only three kinds of text reach
 * the SQL: column names from the {@link FieldCatalog}, quoted by the engine's rules; fixed keywords
 * from {@link Operator} and this class; and {@code ?} placeholders. Stateless and thread-safe.
 */
public final class FilterRenderer {
    /**
     * @param params  the request's named parameters, keyed {@code ":name"} (or {@code "name"})
     * @param lookups resolves {@code {name}} lookups for the session, by name without braces
     */
    public SqlCondition render(FilterNode node, FieldCatalog fields, DatabaseEngine engine,
                               Map<String, Object> params, Function<String, Optional<Object>> lookups) {
        Rendering rendering = new Rendering(Objects.requireNonNull(fields, "fields"), Objects.requireNonNull(engine, "engine"),
                new ValueResolver(Objects.requireNonNull(params, "params"), Objects.requireNonNull(lookups, "lookups")));
        rendering.node(Objects.requireNonNull(node, "node"));
        return new SqlCondition(rendering.sql.toString(), rendering.parameters);
    }

    /** An identifier quoted by the engine's rules: {@code `x`} on MySQL/MariaDB, {@code "x"} elsewhere. */
    public static String quote(DatabaseEngine engine, String name) {
        return engine == DatabaseEngine.MYSQL
                ? "`" + name.replace("`", "``") + "`"
                : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** The state of one render call. */
    private static final class Rendering {
        private final FieldCatalog fields;
        private final DatabaseEngine engine;
        private final ValueResolver resolver;
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> parameters = new ArrayList<>();

        Rendering(FieldCatalog fields, DatabaseEngine engine, ValueResolver resolver) {
            this.fields = fields;
            this.engine = engine;
            this.resolver = resolver;
        }

        void node(FilterNode node) {
            if (node instanceof FilterNode.And and) {
                connective(and.operands(), " AND ");
            } else if (node instanceof FilterNode.Or or) {
                connective(or.operands(), " OR ");
            } else if (node instanceof FilterNode.Not not) {
                boolean grouped = not.operand() instanceof FilterNode.And || not.operand() instanceof FilterNode.Or;
                sql.append(grouped ? "NOT " : "NOT (");
                node(not.operand());
                sql.append(grouped ? "" : ")");
            } else {
                comparison((Comparison) node);
            }
        }

        private void connective(List<FilterNode> operands, String keyword) {
            sql.append('(');
            for (int index = 0; index < operands.size(); index++) {
                sql.append(index == 0 ? "" : keyword);
                node(operands.get(index));
            }
            sql.append(')');
        }

        private void comparison(Comparison comparison) {
            Field field = fields.field(comparison.field()).orElseThrow(() -> FilterErrors.unknownField(comparison.field()));
            Operator operator = comparison.operator();
            sql.append(quoted(field.name())).append(' ');
            switch (operator.shape()) {
                case NONE -> sql.append(operator.sql());
                case SINGLE -> single(field, operator, comparison.values().get(0));
                case PATTERN -> pattern(field, operator, comparison.values().get(0));
                case LIST -> list(field, operator, comparison.values());
            }
        }

        private void single(Field field, Operator operator, Value value) {
            ValueResolver.Resolved resolved = resolver.resolve(value);
            if (resolved.value() == null && (operator == Operator.EQ || operator == Operator.NE)) {
                sql.append(operator == Operator.EQ ? "IS NULL" : "IS NOT NULL");
                return;
            }
            parameters.add(coerce(field, operator, resolved));
            sql.append(operator.sql()).append(" ?");
        }

        private void pattern(Field field, Operator operator, Value value) {
            if (field.kind() != FieldKind.TEXT) {
                throw FilterErrors.invalid(operator.spelling() + " applies only to text fields, and '" + field.name()
                        + "' is " + field.kind() + ".");
            }
            ValueResolver.Resolved resolved = resolver.resolve(value);
            String text = (String) coerce(field, operator, resolved);
            String pattern = switch (operator) {
                case CONTAINS, NOT_CONTAINS -> "%" + LikePattern.literal(text) + "%";
                case STARTS_WITH, NOT_STARTS_WITH -> LikePattern.literal(text) + "%";
                case ENDS_WITH, NOT_ENDS_WITH -> "%" + LikePattern.literal(text);
                default -> LikePattern.fromClient(text);
            };
            parameters.add(pattern);
            sql.append(operator.sql()).append(" ? ").append(LikePattern.ESCAPE_CLAUSE);
        }

        private void list(Field field, Operator operator, List<Value> values) {
            sql.append(operator.sql()).append(" (");
            for (int index = 0; index < values.size(); index++) {
                sql.append(index == 0 ? "?" : ", ?");
                parameters.add(coerce(field, operator, resolver.resolve(values.get(index))));
            }
            sql.append(')');
        }

        private Object coerce(Field field, Operator operator, ValueResolver.Resolved resolved) {
            if (resolved.value() == null) {
                throw FilterErrors.invalid(operator.spelling() + " cannot compare the field '" + field.name()
                        + "' with null; use IS NULL or IS NOT NULL (= null and != null mean the same).");
            }
            return ValueCoercion.bind(resolved.value(), field, engine, resolved.source());
        }

        private String quoted(String name) {
            return quote(engine, name);
        }
    }
}
