package dev.portico.filter;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a {@link Value} into the raw value to typecast: the literal itself, a request parameter,
 * or a session lookup. Lookup values may be private, so no message ever includes one.
 */
final class ValueResolver {
    /** A raw value (String, Boolean, Number or null) and how error messages may name it. */
    record Resolved(Object value, String source) {
    }

    private final Map<String, Object> params;
    private final Function<String, Optional<Object>> lookups;

    ValueResolver(Map<String, Object> params, Function<String, Optional<Object>> lookups) {
        this.params = params;
        this.lookups = lookups;
    }

    Resolved resolve(Value value) {
        if (value instanceof Value.Text text) {
            return new Resolved(text.text(), FilterErrors.echo(text.text()));
        } else if (value instanceof Value.Number number) {
            return new Resolved(number.text(), FilterErrors.echo(number.text()));
        } else if (value instanceof Value.Bool bool) {
            return new Resolved(bool.value(), String.valueOf(bool.value()));
        } else if (value instanceof Value.Param param) {
            return param(param.name());
        } else if (value instanceof Value.Lookup lookup) {
            return lookup(lookup.name());
        }
        return new Resolved(null, "null");
    }

    private Resolved param(String name) {
        String source = "the parameter " + FilterErrors.echo(":" + name);
        // DreamFactory clients send {"params": {":st": …}}; a key without the colon is accepted too.
        String key = params.containsKey(":" + name) ? ":" + name : name;
        if (!params.containsKey(key)) {
            throw FilterErrors.invalid("The filter uses " + source + ", but the request has no value for it;"
                    + " send one in the body as {\"params\": {\":name\": value}}.");
        }
        return new Resolved(scalar(params.get(key), source), source);
    }

    private Resolved lookup(String name) {
        String source = "the lookup " + FilterErrors.echo("{" + name + "}");
        Optional<Object> value = lookups.apply(name);
        if (value == null || value.isEmpty()) {
            throw FilterErrors.invalid("The filter uses " + source + ", which is not defined for this session.");
        }
        return new Resolved(scalar(value.get(), source), source);
    }

    private static Object scalar(Object value, String source) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        throw FilterErrors.invalid("The value of " + source + " must be a string, number, boolean or null.");
    }
}
