package dev.portico.auth.rbac;

import java.util.Objects;

/**
 * What a caller wants to do: a verb on a component of a service, as an API client or a script. The
 * component is relative to the service ({@code "_table/orders/17"}, {@code "user/5"}, {@code ""} for the
 * root) and is normalised like {@link AccessRule#component()}. A whole segment written
 * {@code {name}} is a placeholder that matches any one segment of a rule. Immutable and thread-safe.
 */
public record AccessRequest(String serviceName, String component, Verb verb, Requestor requestor) {
    public AccessRequest {
        if (serviceName == null || serviceName.isBlank()) {
            throw new IllegalArgumentException("An access request needs a service name; got '" + serviceName + "'.");
        }
        component = ComponentPattern.normalise(component);
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(requestor, "requestor");
    }

    /** "db/_table/orders", or just "db" for the service root. */
    String target() {
        return component.isEmpty() ? serviceName : serviceName + "/" + component;
    }
}
