package dev.portico.http;

import static dev.portico.http.ApiClient.JSON;
import static dev.portico.http.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.config.DatabaseEngine;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CRUD of every routable system resource, lists, body shapes and batches, on SQLite and PostgreSQL. */
class SystemApiTest {
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DatabaseEngine.class, names = {"SQLITE", "POSTGRESQL"})
    @interface OnEachEngine {
    }

    /** A resource, a record to create, and one field to change afterwards (its new value as JSON). */
    private record Sample(String resource, String create, String field, String newValue) {
    }

    private static final List<Sample> SAMPLES = List.of(
            new Sample("admin", "{'email':'second@example.com','name':'Second','password':'another-long-password'}",
                    "first_name", "'Sec'"),
            new Sample("user", "{'email':'user@example.com','name':'User','password':'a-user-long-password'}",
                    "last_name", "'Lee'"),
            new Sample("role", "{'name':'editors','description':'edit'}", "is_active", "false"),
            new Sample("app", "{'name':'shop','description':'web shop','is_active':true}", "description", "'store'"),
            new Sample("service", "{'name':'crm','label':'CRM','type':'pgsql','config':{'host':'db.local'}}",
                    "label", "'Sales'"),
            new Sample("lookup", "{'name':'region','value':'eu'}", "value", "'us'"),
            new Sample("cors", "{'path':'api/v2/crm','origin':'https://a.example','method':1}", "max_age", "10"),
            new Sample("email_template", "{'name':'welcome','to':'a@example.com','subject':'Hi'}", "to", "'b@example.com'"),
            new Sample("custom", "{'name':'theme','value':'dark'}", "value", "'light'"),
            new Sample("event_script", "{'name':'crm._table.x.get.pre_process','type':'nodejs','content':'return;'}",
                    "is_active", "true"));

    @TempDir
    Path home;
    private ServedInstance served;

    private ApiClient adminOn(DatabaseEngine engine) {
        served = ServedInstance.start(engine, home);
        return served.admin();
    }

    @AfterEach
    void stop() {
        if (served != null) {
            served.close();
        }
    }

    @OnEachEngine
    void each_system_resource_is_created_read_changed_listed_and_deleted(DatabaseEngine engine) throws Exception {
        ApiClient admin = adminOn(engine);
        for (Sample sample : SAMPLES) {
            String path = "/system/" + sample.resource();
            JsonNode created = admin.post(path, json(sample.create())).expect(201);
            assertEquals(List.of("id"), ApiClient.names(created), "a bare object in gives a bare object out: " + created);
            long id = created.path("id").asLong();
            JsonNode read = admin.get(path + "/" + id).expect(200);
            JSON.readTree(json(sample.create())).fields().forEachRemaining(member -> {
                if (!member.getKey().equals("password")) {
                    assertEquals(member.getValue(), read.path(member.getKey()), sample.resource() + ": " + read);
                }
            });
            String change = "{'" + sample.field() + "':" + sample.newValue() + "}";
            assertEquals(id, admin.patch(path + "/" + id, json(change)).expect(200).path("id").asLong());
            assertEquals(JSON.readTree(json(sample.newValue())), admin.get(path + "/" + id).expect(200).path(sample.field()),
                    sample.resource() + " after PATCH " + change);
            JsonNode listed = admin.get(path, "ids", String.valueOf(id), "include_count", "true").expect(200);
            assertEquals(id, listed.path("resource").path(0).path("id").asLong(), listed.toString());
            assertEquals(1, listed.path("meta").path("count").asInt(), listed.toString());
            assertEquals(id, admin.delete(path + "/" + id).expect(200).path("id").asLong(), sample.resource());
            admin.get(path + "/" + id).error(404);
        }
    }

    @OnEachEngine
    void a_scheduled_task_is_created_from_its_verb_and_reads_back_with_the_verb_mask(DatabaseEngine engine) {
        ApiClient admin = adminOn(engine);
        long system = ServedInstance.idOf(admin, "service", "system");
        JsonNode created = admin.post("/system/scheduler?fields=*", json("{'name':'nightly','service_id':" + system
                + ",'component':'user','verb':'GET','frequency':60}")).expect(201);
        assertEquals("GET", created.path("verb").asText(), created.toString());
        assertEquals(1, created.path("verb_mask").asInt(), "DreamFactory's mask for GET: " + created);
        assertEquals(120, admin.patch("/system/scheduler/" + created.path("id").asLong() + "?fields=frequency",
                json("{'frequency':120}")).expect(200).path("frequency").asInt());
    }

    @OnEachEngine
    void a_user_password_is_write_only_and_at_least_sixteen_characters(DatabaseEngine engine) {
        ApiClient admin = adminOn(engine);
        String tooShort = admin.post("/system/user", json("{'email':'u@example.com','name':'U','password':'fifteen-chars!!'}")).error(400);
        assertTrue(tooShort.contains("16"), tooShort);
        long id = admin.post("/system/user", json("{'email':'u@example.com','name':'U','password':'sixteen-chars!!!'}"))
                .expect(201).path("id").asLong();
        for (ApiClient.Reply reply : List.of(admin.get("/system/user/" + id), admin.get("/system/user/" + id, "fields", "password,email"),
                admin.get("/system/user", "related", "*"), admin.patch("/system/user/" + id + "?fields=*",
                        json("{'password':'another-sixteen-chars'}")))) {
            assertFalse(reply.expect(200).toString().contains("password"), reply.request() + " -> " + reply.body());
            assertFalse(reply.body().contains("sixteen-chars"), reply.body());
        }
        ServedInstance.login(served.anonymous(), "/user/session", "u@example.com", "another-sixteen-chars");
    }

    @OnEachEngine
    void a_role_carries_its_service_access_rows_written_and_read_through_related(DatabaseEngine engine) {
        ApiClient admin = adminOn(engine);
        long system = ServedInstance.idOf(admin, "service", "system");
        String rows = "role_service_access_by_role_id";
        JsonNode role = admin.post("/system/role?related=" + rows, json("{'name':'reader','is_active':true,'" + rows
                + "':[{'service_id':" + system + ",'component':'user/*','verb_mask':1,'requestor_mask':1}]}")).expect(201);
        long id = role.path("id").asLong();
        JsonNode access = role.path(rows).path(0);
        assertEquals(id, access.path("role_id").asLong(), role.toString());
        assertEquals("user/*", access.path("component").asText(), role.toString());
        assertFalse(admin.get("/system/role/" + id).expect(200).has(rows), "related rows only when asked for");
        admin.patch("/system/role/" + id, json("{'" + rows + "':[{'id':" + access.path("id").asLong() + ",'verb_mask':3},"
                + "{'service_id':" + system + ",'component':'role','verb_mask':1}]}")).expect(200);
        JsonNode read = admin.get("/system/role/" + id, "related", rows).expect(200).path(rows);
        assertEquals(2, read.size(), read.toString());
        assertEquals(3, read.path(0).path("verb_mask").asInt(), read.toString());
        assertEquals("role", read.path(1).path("component").asText(), read.toString());
    }

    @OnEachEngine
    void an_app_gets_a_random_api_key_that_regenerate_replaces(DatabaseEngine engine) {
        ApiClient admin = adminOn(engine);
        JsonNode app = admin.post("/system/app?fields=*", json("{'name':'shop','is_active':true}")).expect(201);
        String key = app.path("api_key").asText();
        assertTrue(key.matches("[0-9a-f]{64}"), "64 hex characters: " + key);
        String path = "/system/app/" + app.path("id").asLong();
        assertEquals(key, admin.patch(path + "?fields=api_key", json("{'api_key':'chosen-by-client'}")).expect(200)
                .path("api_key").asText(), "the key is read-only");
        String regenerated = admin.patch(path + "?regenerate=true&fields=api_key", "{}").expect(200).path("api_key").asText();
        assertTrue(regenerated.matches("[0-9a-f]{64}") && !regenerated.equals(key), regenerated);
        served.anonymous().withApiKey(key).get("/system/role").error(401);
        served.anonymous().withApiKey(regenerated).get("/system/role").error(403); // known app, but it has no role
    }

    @OnEachEngine
    void lookups_are_scoped_by_app_role_or_user_and_private_ones_are_masked(DatabaseEngine engine) throws Exception {
        ApiClient admin = adminOn(engine);
        long app = ServedInstance.idOf(admin, "app", "admin");
        long role = admin.post("/system/role", json("{'name':'r'}")).expect(201).path("id").asLong();
        long user = admin.post("/system/user", json("{'email':'u@example.com','name':'U','password':'sixteen-chars!!!'}"))
                .expect(201).path("id").asLong();
        admin.post("/system/lookup", json("{'resource':[{'name':'site','value':'s'},{'name':'a','value':'va','app_id':" + app
                + "},{'name':'r','value':'vr','role_id':" + role + "},{'name':'u','value':'vu','user_id':" + user
                + "},{'name':'key','value':'hidden-value','private':true}]}")).expect(201);
        JsonNode system = admin.get("/system/lookup", "filter", "(app_id IS NULL) AND (role_id IS NULL) AND (user_id IS NULL)",
                "fields", "name,value,private").expect(200).path("resource");
        assertEquals(JSON.readTree(json("[{'id':1,'name':'site','value':'s','private':false},"
                + "{'id':5,'name':'key','value':'**********','private':true}]")), system);
        assertEquals("va", admin.get("/system/app/" + app, "related", "lookup_by_app_id").expect(200).path("lookup_by_app_id").path(0).path("value").asText());
        assertEquals("vr", admin.get("/system/role/" + role, "related", "lookup_by_role_id").expect(200).path("lookup_by_role_id").path(0).path("value").asText());
        assertEquals("vu", admin.get("/system/user/" + user, "related", "lookup_by_user_id").expect(200).path("lookup_by_user_id").path(0).path("value").asText());
        assertFalse(admin.get("/system/lookup").body().contains("hidden-value"));
    }

    @OnEachEngine
    void secrets_are_masked_on_read_sealed_at_rest_and_kept_when_the_mask_is_sent_back(DatabaseEngine engine)
            throws Exception {
        ApiClient admin = adminOn(engine);
        long service = admin.post("/system/service", json("{'name':'crm','label':'CRM','type':'pgsql',"
                + "'config':{'host':'h','password':'p-secret'}}")).expect(201).path("id").asLong();
        ApiClient.Reply read = admin.get("/system/service/" + service);
        assertEquals("**********", read.expect(200).path("config").path("password").asText(), read.body());
        assertFalse(read.body().contains("p-secret") || admin.get("/system/service").body().contains("p-secret"));
        String sealed = sealedMember(served.column("service", "config", service), "p-secret");
        admin.patch("/system/service/" + service, json("{'config':{'host':'h2','password':'**********'}}")).expect(200);
        assertEquals(sealed, sealedMember(served.column("service", "config", service), "p-secret"), "the mask keeps the secret");
        admin.patch("/system/service/" + service, json("{'config':{'host':'h2','password':'p-other'}}")).expect(200);
        assertNotEquals(sealed, sealedMember(served.column("service", "config", service), "p-other"));

        long hidden = admin.post("/system/lookup", json("{'name':'db_pass','value':'l-secret','private':true}")).expect(201).path("id").asLong();
        assertEquals("**********", admin.get("/system/lookup/" + hidden).expect(200).path("value").asText());
        String sealedLookup = sealed(served.column("lookup", "value", hidden), "l-secret");
        admin.patch("/system/lookup/" + hidden, json("{'value':'**********','description':'kept'}")).expect(200);
        assertEquals(sealedLookup, served.column("lookup", "value", hidden));
        admin.patch("/system/lookup/" + hidden, json("{'value':'l-other'}")).expect(200);
        assertNotEquals(sealedLookup, sealed(served.column("lookup", "value", hidden), "l-other"));
        long open = admin.post("/system/lookup", json("{'name':'region','value':'eu-west'}")).expect(201).path("id").asLong();
        assertEquals("eu-west", admin.get("/system/lookup/" + open).expect(200).path("value").asText());
        sealed(served.column("lookup", "value", open), "eu-west");
    }

    private static String sealedMember(String config, String plaintext) throws Exception {
        return sealed(JSON.readTree(config).path("password").asText(), plaintext);
    }

    private static String sealed(String stored, String plaintext) {
        assertTrue(stored.startsWith("pv1:") && !stored.contains(plaintext), "sealed at rest: " + stored);
        return stored;
    }

    @OnEachEngine
    void lists_honour_fields_filter_limit_offset_order_ids_and_include_count(DatabaseEngine engine) {
        ApiClient admin = adminOn(engine);
        JsonNode ids = admin.post("/system/role", json("[{'name':'alpha'},{'name':'apple'},{'name':'beta'},"
                + "{'name':'gamma','is_active':false}]")).expect(201).path("resource");
        long alpha = ids.path(0).path("id").asLong();
        JsonNode onlyNames = admin.get("/system/role", "fields", "name").expect(200).path("resource");
        assertEquals(List.of("id", "name"), ApiClient.names(onlyNames.path(0)), onlyNames.toString());
        assertEquals(List.of("beta"), roles(admin, "filter", "name='beta'"));
        assertEquals(List.of("alpha", "apple", "beta"), roles(admin, "filter", "is_active=true"));
        assertEquals(List.of("apple"), roles(admin, "filter", "(id>" + alpha + ") AND (name LIKE 'a%')"));
        assertEquals(List.of("apple"), roles(admin, "filter", "id>" + alpha + " AND name LIKE 'a%'"));
        assertEquals(List.of("gamma", "beta", "apple", "alpha"), roles(admin, "order", "name DESC"));
        assertEquals(List.of("beta", "apple"), roles(admin, "order", "name DESC", "limit", "2", "offset", "1"));
        assertEquals(List.of("alpha", "gamma"), roles(admin, "ids", alpha + "," + ids.path(3).path("id").asLong()));
        JsonNode counted = admin.get("/system/role", "limit", "1", "include_count", "true").expect(200);
        assertEquals(1, counted.path("resource").size(), counted.toString());
        assertEquals(4, counted.path("meta").path("count").asInt(), counted.toString());
        assertFalse(admin.get("/system/role").expect(200).has("meta"), "meta only with include_count");
    }

    @OnEachEngine
    void records_come_wrapped_in_resource_as_a_bare_array_or_as_one_object(DatabaseEngine engine) {
        ApiClient admin = adminOn(engine);
        JsonNode wrapped = admin.post("/system/custom", json("{'resource':[{'name':'a'},{'name':'b'}]}")).expect(201);
        assertEquals(2, wrapped.path("resource").size(), wrapped.toString());
        JsonNode array = admin.post("/system/custom?fields=name", json("[{'name':'c'}]")).expect(201);
        assertEquals("c", array.path("resource").path(0).path("name").asText(), array.toString());
        JsonNode single = admin.post("/system/custom?fields=name", json("{'name':'d'}")).expect(201);
        assertEquals("d", single.path("name").asText(), single.toString());
        assertFalse(single.has("resource"), single.toString());
    }

    @OnEachEngine
    void a_patch_with_ids_answers_for_every_record_it_changed(DatabaseEngine engine) {
        ApiClient admin = adminOn(engine);
        JsonNode ids = admin.post("/system/role", json("[{'name':'one'},{'name':'two'}]")).expect(201).path("resource");
        String list = ids.path(0).path("id").asText() + "," + ids.path(1).path("id").asText();
        JsonNode patched = admin.patch("/system/role?ids=" + list, json("{'description':'both'}")).expect(200);
        assertEquals(ids, patched.path("resource"), "one result per id, as DreamFactory answers: " + patched);
    }

    @OnEachEngine
    void batches_stop_at_the_first_failure_roll_back_or_continue_as_asked(DatabaseEngine engine) {
        ApiClient admin = adminOn(engine);
        long taken = admin.post("/system/role", json("{'name':'taken'}")).expect(201).path("id").asLong();
        JsonNode stopped = admin.post("/system/role", json("[{'name':'s1'},{'name':'taken'},{'name':'s3'}]")).batchError("[1]");
        assertEquals(2, stopped.path("resource").size(), "the records after the failure are not tried: " + stopped);
        assertEquals(409, stopped.path("resource").path(1).path("error").path("code").asInt(), stopped.toString());
        admin.post("/system/role?rollback=true", json("[{'name':'r1'},{'name':'taken'}]")).batchError("[1]");
        JsonNode continued = admin.post("/system/role?continue=true",
                json("[{'name':'c1'},{'name':'taken'},{'name':'c3'},{'name':'c4','is_active':'yes'}]")).batchError("[1,3]");
        assertEquals(4, continued.path("resource").size(), continued.toString());
        assertEquals(List.of("taken", "s1", "c1", "c3"), roles(admin));
        String both = admin.post("/system/role?rollback=true&continue=true", json("[{'name':'x'}]")).error(400);
        assertEquals("Rollback and continue operations can not be requested at the same time.", both);
        admin.delete("/system/role?rollback=true&ids=" + taken + ",99999").batchError("[1]");
        admin.delete("/system/role?ids=" + taken + ",99999").batchError("[1]");
        assertEquals(List.of("s1", "c1", "c3"), roles(admin), "a delete batch keeps what it did before the failure");
    }

    private static List<String> roles(ApiClient admin, String... parameters) {
        List<String> names = new ArrayList<>();
        admin.get("/system/role", parameters).expect(200).path("resource").forEach(role -> names.add(role.path("name").asText()));
        return names;
    }
}
