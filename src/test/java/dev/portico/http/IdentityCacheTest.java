package dev.portico.http;

import static dev.portico.http.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.auth.IdentityCache;
import dev.portico.config.DatabaseEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server keeps what it read about a caller (app, user, role, rules, lookups) between requests,
 * but a change through its API applies to the very next request, and a change made through another
 * server sharing the system database within {@link IdentityCache#FRESH_FOR}. Each test first makes a
 * request that succeeds, so the caller's identity is cached when the change comes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityCacheTest {
    private static final String ORDERS = "/shop/_table/orders";
    private static final String PASSWORD = "sixteen-chars!!!";

    private ServedInstance served;
    private Shop shop;
    private ApiClient admin;
    private long service;
    private int clerks;

    @BeforeAll
    void start(@TempDir Path home) {
        served = ServedInstance.start(DatabaseEngine.SQLITE, home.resolve("portico"));
        shop = Shop.create(DatabaseEngine.SQLITE, home.resolve("shop"));
        admin = served.admin();
        service = shop.register(admin);
    }

    @AfterAll
    void stop() {
        try {
            served.close();
        } finally {
            shop.close();
        }
    }

    /** A role that may GET the orders whose customer is its {customer} lookup (1: orders 1 and 2). */
    private record Clerk(long role, long access, long lookup, long app, String apiKey) {
    }

    private Clerk clerk() {
        String name = "clerk-" + ++clerks;
        long role = admin.post("/system/role", json("{'name':'" + name + "','is_active':true,"
                + "'role_service_access_by_role_id':[{'service_id':" + service + ",'component':'_table/orders/*',"
                + "'verb_mask':1,'requestor_mask':1,"
                + "'filters':[{'name':'customer_id','operator':'=','value':'{customer}'}],'filter_op':'AND'}]}"))
                .expect(201).path("id").asLong();
        long access = admin.get("/system/role/" + role, "related", "role_service_access_by_role_id").expect(200)
                .path("role_service_access_by_role_id").path(0).path("id").asLong();
        long lookup = admin.post("/system/lookup", json("{'name':'customer','value':'1','role_id':" + role + "}"))
                .expect(201).path("id").asLong();
        var app = admin.post("/system/app?fields=id,api_key", json("{'name':'" + name + "','is_active':true,'role_id':"
                + role + "}")).expect(201);
        return new Clerk(role, access, lookup, app.path("id").asLong(), app.path("api_key").asText());
    }

    private ApiClient as(Clerk clerk) {
        return served.anonymous().withApiKey(clerk.apiKey());
    }

    @Test
    void a_changed_access_rule_applies_to_the_very_next_request() {
        Clerk clerk = clerk();
        assertEquals(List.of(1, 2), ids(as(clerk).get(ORDERS)));
        admin.patch("/system/role/" + clerk.role(), json("{'role_service_access_by_role_id':[{'id':" + clerk.access()
                + ",'filters':[{'name':'status','operator':'=','value':'paid'}]}]}")).expect(200);
        assertEquals(List.of(1, 3), ids(as(clerk).get(ORDERS)), "the new row filter, not the cached one");
        admin.patch("/system/role/" + clerk.role(), json("{'role_service_access_by_role_id':[{'id':" + clerk.access()
                + ",'verb_mask':2}]}")).expect(200);
        as(clerk).get(ORDERS).error(403);
    }

    @Test
    void a_deactivated_role_or_app_is_refused_on_the_very_next_request() {
        Clerk clerk = clerk();
        as(clerk).get(ORDERS).expect(200);
        admin.patch("/system/role/" + clerk.role(), json("{'is_active':false}")).expect(200);
        as(clerk).get(ORDERS).error(403);
        admin.patch("/system/role/" + clerk.role(), json("{'is_active':true}")).expect(200);
        as(clerk).get(ORDERS).expect(200);
        admin.patch("/system/app/" + clerk.app(), json("{'is_active':false}")).expect(200);
        assertTrue(as(clerk).get(ORDERS).error(403).contains("not active"));
        admin.patch("/system/app/" + clerk.app(), json("{'is_active':true}")).expect(200);
        admin.delete("/system/app/" + clerk.app()).expect(200);
        as(clerk).get(ORDERS).error(401);
    }

    @Test
    void a_regenerated_api_key_revokes_the_old_one_on_the_very_next_request() {
        Clerk clerk = clerk();
        as(clerk).get(ORDERS).expect(200);
        String fresh = admin.patch("/system/app/" + clerk.app() + "?regenerate=true&fields=api_key", "{}").expect(200)
                .path("api_key").asText();
        as(clerk).get(ORDERS).error(401);
        served.anonymous().withApiKey(fresh).get(ORDERS).expect(200);
    }

    @Test
    void a_changed_or_deleted_lookup_applies_to_the_very_next_request() {
        Clerk clerk = clerk();
        assertEquals(List.of(1, 2), ids(as(clerk).get(ORDERS)));
        admin.patch("/system/lookup/" + clerk.lookup(), json("{'value':'2'}")).expect(200);
        assertEquals(List.of(3), ids(as(clerk).get(ORDERS)));
        admin.delete("/system/lookup/" + clerk.lookup()).expect(200);
        assertTrue(as(clerk).get(ORDERS).error(403).contains("customer"), "a filter whose lookup is gone denies");
    }

    @Test
    void a_batch_that_failed_half_way_still_applies_what_it_wrote_to_the_next_request() {
        Clerk clerk = clerk();
        admin.delete("/system/lookup/" + clerk.lookup()).expect(200);
        as(clerk).get(ORDERS).error(403);
        admin.post("/system/lookup?continue=true", json("[{'name':'customer','value':'3','role_id':" + clerk.role()
                + "},{'value':'no name'}]")).batchError("[1]");
        assertEquals(List.of(4), ids(as(clerk).get(ORDERS)), "the lookup the batch created is seen at once");
    }

    @Test
    void a_users_role_for_the_app_and_their_deactivation_apply_to_the_very_next_request() {
        Clerk clerk = clerk();
        Clerk other = clerk();
        long user = admin.post("/system/user", json("{'email':'u" + clerks + "@example.com','name':'U','password':'"
                + PASSWORD + "'}")).expect(201).path("id").asLong();
        ApiClient asUser = as(clerk).withToken(ServedInstance.login(as(clerk), "/user/session", "u" + clerks
                + "@example.com", PASSWORD));
        assertEquals(List.of(1, 2), ids(asUser.get(ORDERS)), "the app's default role");
        admin.patch("/system/lookup/" + other.lookup(), json("{'value':'3'}")).expect(200);
        admin.patch("/system/user/" + user, json("{'user_to_app_to_role_by_user_id':[{'app_id':" + clerk.app()
                + ",'role_id':" + other.role() + "}]}")).expect(200);
        assertEquals(List.of(4), ids(asUser.get(ORDERS)), "the user's own role for this app, with its lookup");
        admin.patch("/system/user/" + user, json("{'is_active':false}")).expect(200);
        asUser.get(ORDERS).error(401);
        as(clerk).get(ORDERS).expect(200);
    }

    @Test
    void a_change_made_through_another_server_is_seen_within_the_bound() {
        Clerk clerk = clerk();
        try (RunningServer other = served.startAnotherServer()) {
            ApiClient onOther = new ApiClient(other.port()).withApiKey(clerk.apiKey());
            assertEquals(List.of(1, 2), ids(onOther.get(ORDERS)));
            long changed = System.nanoTime();
            admin.patch("/system/lookup/" + clerk.lookup(), json("{'value':'2'}")).expect(200);
            assertTrue(RunningServer.waitFor(() -> ids(onOther.get(ORDERS)).equals(List.of(3))),
                    "the other server never saw the new lookup");
            Duration seenAfter = Duration.ofNanos(System.nanoTime() - changed);
            // the bound plus room for a slow request on a loaded machine
            assertTrue(seenAfter.compareTo(IdentityCache.FRESH_FOR.plusSeconds(3)) < 0,
                    "seen after " + seenAfter.toMillis() + " ms, more than " + IdentityCache.FRESH_FOR.toMillis() + " ms");

            admin.patch("/system/app/" + clerk.app(), json("{'is_active':false}")).expect(200);
            assertTrue(RunningServer.waitFor(() -> onOther.get(ORDERS).status() == 403),
                    "the other server kept serving a deactivated app");
        }
    }

    private static List<Integer> ids(ApiClient.Reply reply) {
        List<Integer> ids = new ArrayList<>();
        reply.expect(200).path("resource").forEach(record -> ids.add(record.path("id").asInt()));
        return ids;
    }
}
