package dev.portico.http;

import static dev.portico.http.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.DatabaseEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a client that gets something wrong sees: DreamFactory's error envelope with the right status,
 * a message that names the problem, and never a stack trace. One SQLite instance for the class; each
 * test uses names of its own.
 */
class SystemApiErrorsTest {
    @TempDir
    static Path home;
    private static ServedInstance served;
    private static ApiClient admin;

    @BeforeAll
    static void serve() {
        served = ServedInstance.start(DatabaseEngine.SQLITE, home);
        admin = served.admin();
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    private static void assertMentions(String message, String... words) {
        for (String word : words) {
            assertTrue(message.contains(word), "the message should name '" + word + "': " + message);
        }
    }

    @Test
    void a_body_that_is_not_json_is_a_400() {
        assertMentions(admin.post("/system/role", "{\"name\":").error(400), "not valid JSON");
        assertMentions(admin.post("/system/role", "").error(400), "no body");
        admin.post("/system/role", "\"just text\"").error(400);
    }

    @Test
    void a_value_of_the_wrong_type_is_a_400_naming_the_field() {
        assertMentions(admin.post("/system/role", json("{'name':'typed','is_active':'yes'}")).error(400), "is_active");
        assertMentions(admin.post("/system/role", json("{'name':'typed','role_service_access_by_role_id':"
                + "[{'service_id':1,'component':'*','verb_mask':'x'}]}")).error(400), "verb_mask");
        assertMentions(admin.post("/system/cors", json("{'path':'typed','max_age':{'a':1}}")).error(400), "max_age");
        admin.get("/system/role", "filter", "name='typed'").expect(200).path("resource").forEach(role -> {
            throw new AssertionError("a refused record must not be stored: " + role);
        });
    }

    @Test
    void an_unknown_field_is_a_400_naming_it() {
        assertMentions(admin.post("/system/role", json("{'name':'coloured','colour':'red'}")).error(400), "colour");
    }

    @Test
    void a_missing_required_field_is_a_400_naming_it() {
        assertMentions(admin.post("/system/role", json("{'description':'no name'}")).error(400), "name");
        assertMentions(admin.post("/system/user", json("{'name':'No Email','password':'sixteen-chars!!!'}"))
                .error(400), "email");
    }

    @Test
    void an_unknown_id_is_a_404_for_read_change_and_delete() {
        assertEquals("Record with identifier '9999' not found in role.", admin.get("/system/role/9999").error(404));
        admin.patch("/system/role/9999", json("{'description':'x'}")).error(404);
        admin.delete("/system/role/9999").error(404);
        admin.get("/system/admin/9999").error(404);
    }

    @Test
    void a_name_or_email_already_taken_is_a_409() {
        admin.post("/system/role", json("{'name':'twice'}")).expect(201);
        assertMentions(admin.post("/system/role", json("{'name':'twice'}")).error(409), "twice");
        long other = admin.post("/system/role", json("{'name':'once'}")).expect(201).path("id").asLong();
        admin.patch("/system/role/" + other, json("{'name':'twice'}")).error(409);
        assertMentions(admin.post("/system/user", json("{'email':'" + ServedInstance.ADMIN_EMAIL
                + "','name':'Copy','password':'sixteen-chars!!!'}")).error(409), ServedInstance.ADMIN_EMAIL);
        admin.post("/system/custom", json("{'name':'dup-setting'}")).expect(201);
        admin.post("/system/custom", json("{'name':'dup-setting'}")).error(409);
    }

    @Test
    void an_email_that_differs_only_in_case_is_taken_too() {
        // logins compare e-mails case-insensitively, so two such accounts would share one login
        admin.post("/system/user", json("{'email':'case@example.com','name':'A','password':'sixteen-chars!!!'}")).expect(201);
        admin.post("/system/admin", json("{'email':'CASE@example.com','name':'B','password':'sixteen-chars!!!'}")).error(409);
    }

    @Test
    void a_user_email_must_look_like_an_email_address() {
        assertMentions(admin.post("/system/user", json("{'email':'not-an-address','name':'N','password':'sixteen-chars!!!'}"))
                .error(400), "not-an-address");
    }

    @Test
    void a_lookup_name_is_unique_within_its_scope() {
        admin.post("/system/lookup", json("{'name':'tier','value':'gold'}")).expect(201);
        admin.post("/system/lookup", json("{'name':'tier','value':'silver','app_id':1}")).expect(201);
        assertMentions(admin.post("/system/lookup", json("{'name':'tier','value':'bronze'}")).error(409), "tier");
    }

    @Test
    void a_lookup_belongs_to_at_most_one_of_app_role_and_user() {
        long role = admin.post("/system/role", json("{'name':'lookup-owner'}")).expect(201).path("id").asLong();
        admin.post("/system/lookup", json("{'name':'owned-twice','value':'v','app_id':1,'role_id':" + role + "}")).error(400);
    }

    @Test
    void a_body_over_one_megabyte_is_a_413() {
        String big = json("{'name':'big','description':'" + "x".repeat(1_100_000) + "'}");
        admin.post("/system/role", big).error(413);
        admin.get("/system/role", "filter", "name='big'").expect(200).path("resource").forEach(role -> {
            throw new AssertionError("an oversized record must not be stored");
        });
    }

    @Test
    void an_unknown_or_embedded_resource_is_a_404() {
        assertEquals("Resource 'nope' not found for service 'system'.", admin.get("/system/nope").error(404));
        admin.post("/system/nope", json("{'name':'x'}")).error(404);
        admin.get("/system/role_service_access").error(404);
        admin.get("/system/user_to_app_to_role/1").error(404);
    }

    @Test
    void an_unknown_relation_in_related_is_a_400_whether_or_not_any_record_matches() {
        long role = admin.post("/system/role", json("{'name':'related-one'}")).expect(201).path("id").asLong();
        assertMentions(admin.get("/system/role/" + role, "related", "friends").error(400), "friends",
                "role_service_access_by_role_id");
        admin.get("/system/role", "related", "friends").error(400);
        admin.get("/system/role", "related", "friends", "filter", "name='no-such-role'").error(400);
    }

    @Test
    void a_filter_that_cannot_be_parsed_or_names_an_unknown_field_is_a_400() {
        assertMentions(admin.get("/system/role", "filter", "(((").error(400), "Invalid or unparsable filter request");
        assertEquals("Invalid or unparsable field in filter request: 'colour'",
                admin.get("/system/role", "filter", "colour='red'").error(400));
        admin.get("/system/user", "filter", "password='guess'").error(400);
        admin.get("/system/lookup", "filter", "value='secret'").error(400);
        admin.get("/system/role", "filter", "name='x'; DROP TABLE role").error(400);
        admin.get("/system/role").expect(200);
    }

    @Test
    void a_filter_value_of_the_wrong_type_is_a_400_naming_the_field_as_the_api_names_it() {
        assertMentions(admin.get("/system/role", "filter", "is_active='maybe'").error(400), "is_active", "maybe");
        String message = admin.get("/system/role", "filter", "created_date>'yesterday'").error(400);
        assertMentions(message, "created_date");
        assertFalse(message.contains("created_at"), "the column name is Portico's, not the client's: " + message);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DatabaseEngine.class, names = {"SQLITE", "POSTGRESQL"})
    void a_value_too_long_or_too_large_for_its_column_is_a_400_on_every_engine(DatabaseEngine engine, @TempDir Path own) {
        try (ServedInstance instance = ServedInstance.start(engine, own)) {
            ApiClient client = instance.admin();
            assertMentions(client.post("/system/role", json("{'name':'" + "n".repeat(65) + "'}")).error(400), "name", "64");
            assertMentions(client.post("/system/cors", json("{'path':'p','max_age':99999999999}")).error(400), "max_age");
            assertMentions(client.post("/system/role", json("{'name':'wide','role_service_access_by_role_id':"
                    + "[{'service_id':1,'component':'*','verb_mask':99999999999}]}")).error(400), "verb_mask");
            assertEquals(0, client.get("/system/role").expect(200).path("resource").size());
        }
    }

    @Test
    void an_order_on_an_unknown_field_or_direction_is_a_400() {
        assertMentions(admin.get("/system/role", "order", "colour DESC").error(400), "colour");
        admin.get("/system/role", "order", "name SIDEWAYS").error(400);
        admin.get("/system/user", "order", "password").error(400);
        admin.get("/system/role", "fields", "colour").error(400);
    }

    @Test
    void a_non_numeric_id_limit_or_ids_is_a_400() {
        assertMentions(admin.get("/system/role/abc").error(400), "abc");
        admin.patch("/system/role/abc", json("{'description':'x'}")).error(400);
        admin.delete("/system/role/1;DROP").error(400);
        admin.get("/system/role", "ids", "1,two").error(400);
        admin.get("/system/role", "limit", "-1").error(400);
        admin.get("/system/role", "offset", "many").error(400);
    }
}
