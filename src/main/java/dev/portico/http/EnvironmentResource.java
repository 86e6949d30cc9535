package dev.portico.http;

import dev.portico.BuildInfo;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v2/system/environment} in DreamFactory's shape: the platform block and the
 * login options a client needs before it has a session. Nothing here is secret.
 */
final class EnvironmentResource {
    private final BuildInfo build;

    EnvironmentResource(BuildInfo build) {
        this.build = build;
    }

    void get(Context ctx) {
        Map<String, Object> platform = new LinkedHashMap<>();
        platform.put("version", build.version());
        platform.put("build", build.commit());
        platform.put("build_date", build.builtAt());
        platform.put("api_version", "2.0");
        platform.put("name", "Portico");
        platform.put("bitnami_demo", false);
        platform.put("is_hosted", false);
        platform.put("is_trial", false);
        platform.put("license", "OPEN SOURCE");
        platform.put("secured_package_export", false);
        Map<String, Object> authentication = new LinkedHashMap<>();
        authentication.put("allow_open_registration", false);
        authentication.put("open_reg_email_service_id", false);
        authentication.put("allow_forever_sessions", false);
        authentication.put("login_attribute", "email");
        authentication.put("adldap", List.of());
        authentication.put("ldap", List.of());
        authentication.put("oauth", List.of());
        authentication.put("saml", List.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("platform", platform);
        body.put("authentication", authentication);
        body.put("app_group", List.of());
        body.put("no_group_apps", List.of());
        ctx.json(body);
    }
}
