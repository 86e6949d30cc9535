package dev.portico.http;

import static dev.portico.http.ApiClient.json;
import static dev.portico.http.ServedInstance.ADMIN_EMAIL;
import static dev.portico.http.ServedInstance.ADMIN_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may call the system API: API keys, session tokens, roles through apps, and CORS. */
class AccessControlTest {
    private static final String NO_API_KEY = "No API Key provided. Please provide a valid API Key using "
            + "X-DreamFactory-API-Key request header or 'api_key' url query parameter.";
    private static final String USER_PASSWORD = "sixteen-chars!!!";

    @TempDir
    Path home;
    private ServedInstance served;
    private ApiClient anonymous;
    private ApiClient admin;

    @BeforeEach
    void serve() {
        served = ServedInstance.start(DatabaseEngine.SQLITE, home);
        anonymous = served.anonymous();
        admin = served.admin();
    }

    @AfterEach
    void stop() {
        served.close();
    }

    @Test
    void a_request_without_credentials_gets_dreamfactorys_no_api_key_401() {
        assertEquals(NO_API_KEY, anonymous.get("/system/role").error(401));
        assertEquals(NO_API_KEY, anonymous.post("/system/role", json("{'name':'sneaky'}")).error(401));
        assertEquals(NO_API_KEY, anonymous.get("/system/user/1").error(401));
    }

    @Test
    void a_wrong_api_key_is_a_401_in_the_header_or_the_query() {
        anonymous.withApiKey("f".repeat(64)).get("/system/role").error(401);
        anonymous.get("/system/role", "api_key", "f".repeat(64)).error(401);
        admin.withApiKey("not-a-key").get("/system/role").error(401);
    }

    @Test
    void a_forged_or_garbage_token_is_a_401_even_with_a_valid_api_key() {
        String token = ServedInstance.login(anonymous, "/system/admin/session", ADMIN_EMAIL, ADMIN_PASSWORD);
        int at = token.lastIndexOf('.') + 5;
        String forged = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        ApiClient withKey = anonymous.withApiKey(ServedInstance.apiKeyOf(admin, "admin"));
        withKey.withToken(token).get("/system/role").expect(200);
        withKey.withToken(forged).get("/system/role").error(401);
        String header = base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String expired = header + "." + base64("{\"iss\":\"portico\",\"jti\":\"" + "0".repeat(32) + "\",\"user_id\":1,"
                + "\"email\":\"" + ADMIN_EMAIL + "\",\"is_sys_admin\":true,\"iat\":1000000000,\"exp\":1000000060,"
                + "\"refresh_until\":1000000120}") + "." + base64("thirty-two bytes of a fake mac!!");
        withKey.withToken(expired).get("/system/role").error(401);
        withKey.withToken(base64("{\"alg\":\"none\"}") + "." + token.split("\\.")[1] + ".").get("/system/role").error(401);
        withKey.withToken("not-a-token").get("/system/role").error(401);
        withKey.with("Authorization", "Bearer " + forged).get("/system/role").error(401);
    }

    @Test
    void a_user_without_a_role_is_refused_until_the_app_maps_one_to_them() {
        long user = admin.post("/system/user", json("{'email':'u@example.com','name':'U','password':'" + USER_PASSWORD + "'}"))
                .expect(201).path("id").asLong();
        String adminKey = ServedInstance.apiKeyOf(admin, "admin");
        ApiClient asUser = anonymous.withApiKey(adminKey)
                .withToken(ServedInstance.login(anonymous.withApiKey(adminKey), "/user/session", "u@example.com", USER_PASSWORD));
        asUser.get("/system/role").error(403);
        asUser.get("/system/user").error(403);
        long role = readerRole("user/*");
        long app = ServedInstance.idOf(admin, "app", "admin");
        admin.patch("/system/user/" + user, json("{'user_to_app_to_role_by_user_id':[{'app_id':" + app + ",'role_id':"
                + role + "}]}")).expect(200);
        asUser.get("/system/user").expect(200);
        asUser.get("/system/role").error(403);
        asUser.post("/system/user", json("{'email':'v@example.com','name':'V','password':'" + USER_PASSWORD + "'}")).error(403);
    }

    @Test
    void an_apps_default_role_grants_exactly_its_verbs_and_components_to_its_api_key() {
        long user = admin.post("/system/user", json("{'email':'u@example.com','name':'U','password':'" + USER_PASSWORD + "'}"))
                .expect(201).path("id").asLong();
        long role = readerRole("user/*");
        var app = admin.post("/system/app?fields=id,api_key", json("{'name':'directory','is_active':true}")).expect(201);
        ApiClient withKey = anonymous.withApiKey(app.path("api_key").asText());
        withKey.get("/system/user").error(403);
        admin.patch("/system/app/" + app.path("id").asLong(), json("{'role_id':" + role + "}")).expect(200);
        assertEquals("u@example.com", withKey.get("/system/user").expect(200).path("resource").path(0).path("email").asText());
        withKey.get("/system/user/" + user).expect(200);
        withKey.post("/system/user", json("{'email':'v@example.com','name':'V','password':'" + USER_PASSWORD + "'}")).error(403);
        withKey.patch("/system/user/" + user, json("{'name':'renamed'}")).error(403);
        withKey.get("/system/role").error(403);
        withKey.get("/system/admin").error(403);

        long access = admin.get("/system/role/" + role, "related", "role_service_access_by_role_id").expect(200)
                .path("role_service_access_by_role_id").path(0).path("id").asLong();
        admin.patch("/system/role/" + role, json("{'role_service_access_by_role_id':[{'id':" + access
                + ",'component':'user'}]}")).expect(200);
        withKey.get("/system/user").expect(200);
        withKey.get("/system/user/" + user).error(403); // a rule on 'user' does not cover 'user/{id}'
    }

    @Test
    void an_inactive_app_or_role_gives_no_access() {
        long role = readerRole("user/*");
        var app = admin.post("/system/app?fields=id,api_key", json("{'name':'directory','role_id':" + role + "}")).expect(201);
        ApiClient withKey = anonymous.withApiKey(app.path("api_key").asText());
        withKey.get("/system/user").expect(200);
        admin.patch("/system/role/" + role, json("{'is_active':false}")).expect(200);
        withKey.get("/system/user").error(403);
        admin.patch("/system/role/" + role, json("{'is_active':true}")).expect(200);
        admin.patch("/system/app/" + app.path("id").asLong(), json("{'is_active':false}")).expect(200);
        withKey.get("/system/user").error(403);
    }

    @Test
    void cors_headers_follow_the_stored_rules_for_matching_origins_only() {
        long rule = admin.post("/system/cors", json("{'path':'*','origin':'https://example.com','method':31,'max_age':60,"
                + "'enabled':true}")).expect(201).path("id").asLong();
        ApiClient fromExample = anonymous.with("Origin", "https://example.com");
        ApiClient.Reply allowed = waitFor(() -> fromExample.get("/system/environment"),
                reply -> reply.header("Access-Control-Allow-Origin").isPresent());
        assertEquals(Optional.of("https://example.com"), allowed.header("Access-Control-Allow-Origin"));
        assertEquals(Optional.of("https://example.com"), fromExample.get("/system/role").header("Access-Control-Allow-Origin"),
                "errors carry CORS headers too, so the browser lets the client read them");
        ApiClient.Reply preflight = fromExample.with("Access-Control-Request-Method", "POST").send("OPTIONS", "/system/role", null);
        assertEquals(204, preflight.status(), preflight.body());
        assertEquals(Optional.of("GET, POST, PUT, PATCH, DELETE"), preflight.header("Access-Control-Allow-Methods"));
        assertEquals(Optional.of("60"), preflight.header("Access-Control-Max-Age"));

        ApiClient fromElsewhere = anonymous.with("Origin", "https://elsewhere.example");
        assertNoCors(fromElsewhere.get("/system/environment"));
        assertNoCors(fromElsewhere.with("Access-Control-Request-Method", "POST").send("OPTIONS", "/system/role", null));

        admin.patch("/system/cors/" + rule, json("{'enabled':false}")).expect(200);
        assertNoCors(waitFor(() -> fromExample.get("/system/environment"),
                reply -> reply.header("Access-Control-Allow-Origin").isEmpty()));
    }

    @Test
    void a_role_with_access_to_users_cannot_reach_their_lookups_or_role_assignments_through_related() {
        long user = admin.post("/system/user", json("{'email':'u@example.com','name':'U','password':'" + USER_PASSWORD + "'}"))
                .expect(201).path("id").asLong();
        long role = readerRole("user/*");
        long editor = admin.post("/system/role", json("{'name':'editor','is_active':true,'role_service_access_by_role_id':"
                + "[{'service_id':" + ServedInstance.idOf(admin, "service", "system") + ",'component':'user/*',"
                + "'verb_mask':9,'requestor_mask':1}]}")).expect(201).path("id").asLong();
        var app = admin.post("/system/app?fields=id,api_key", json("{'name':'directory','is_active':true,'role_id':"
                + editor + "}")).expect(201);
        ApiClient withKey = anonymous.withApiKey(app.path("api_key").asText());
        withKey.get("/system/user").expect(200);
        withKey.get("/system/user", "related", "lookup_by_user_id").error(403);
        withKey.get("/system/user/" + user, "related", "*").error(403);
        withKey.patch("/system/user/" + user, json("{'user_to_app_to_role_by_user_id':[{'app_id':"
                + app.path("id").asLong() + ",'role_id':" + role + "}]}")).error(403);
        withKey.patch("/system/user/" + user, json("{'first_name':'Una'}")).expect(200);
    }

    @Test
    void the_services_portico_seeds_for_itself_cannot_be_deleted_or_changed() {
        long system = ServedInstance.idOf(admin, "service", "system");
        long docs = ServedInstance.idOf(admin, "service", "api_docs");
        assertTrue(admin.delete("/system/service/" + system).error(403).contains("cannot be deleted"));
        assertTrue(admin.patch("/system/service/" + docs, json("{'label':'x'}")).error(403).contains("cannot be changed"));
        admin.get("/system/service/" + system).expect(200);
    }

    /** A role with one rule on the system service: GET on {@code component}. */
    private long readerRole(String component) {
        long system = ServedInstance.idOf(admin, "service", "system");
        return admin.post("/system/role", json("{'name':'reader-" + component.replace("/", "") + "','is_active':true,"
                + "'role_service_access_by_role_id':[{'service_id':" + system + ",'component':'" + component
                + "','verb_mask':1,'requestor_mask':1}]}")).expect(201).path("id").asLong();
    }

    private static void assertNoCors(ApiClient.Reply reply) {
        reply.response().headers().map().keySet().forEach(name ->
                assertTrue(!name.toLowerCase().startsWith("access-control-"), reply.request() + " has CORS header " + name));
    }

    /** CORS rules are cached for up to 5 s: asks again every 200 ms, for up to 10 s. */
    private static ApiClient.Reply waitFor(java.util.function.Supplier<ApiClient.Reply> request, Predicate<ApiClient.Reply> done) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        ApiClient.Reply reply = request.get();
        while (!done.test(reply) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            reply = request.get();
        }
        assertTrue(done.test(reply), "not within 10 s: " + reply.request() + " " + reply.response().headers().map());
        return reply;
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
