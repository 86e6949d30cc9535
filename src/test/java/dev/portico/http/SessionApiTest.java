package dev.portico.http;

import static dev.portico.http.ApiClient.json;
import static dev.portico.http.ServedInstance.ADMIN_EMAIL;
import static dev.portico.http.ServedInstance.ADMIN_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portico.config.DatabaseEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log in, read, refresh and log out sessions; revocation on every node; throttled guessing. */
class SessionApiTest {
    private static final String ADMIN_SESSION = "/system/admin/session";
    private static final String INVALID = "Invalid credentials supplied.";

    @TempDir
    Path home;
    private ServedInstance served;

    private ApiClient anonymousOn(DatabaseEngine engine) {
        served = ServedInstance.start(engine, home);
        return served.anonymous();
    }

    @AfterEach
    void stop() {
        if (served != null) {
            served.close();
        }
    }

    private static ApiClient.Reply login(ApiClient client, String path, String email, String password) {
        return client.post(path, json("{'email':'" + email + "','password':'" + password + "'}"));
    }

    @Test
    void login_returns_the_token_and_who_logged_in_and_get_describes_the_session() {
        ApiClient anonymous = anonymousOn(DatabaseEngine.SQLITE);
        JsonNode session = login(anonymous, ADMIN_SESSION, ADMIN_EMAIL, ADMIN_PASSWORD).expect(200);
        String token = session.path("session_token").asText();
        assertEquals(3, token.split("\\.").length, "a JWT: " + token);
        assertEquals(token, session.path("session_id").asText());
        assertEquals(ADMIN_EMAIL, session.path("email").asText());
        assertTrue(session.path("id").asLong() > 0 && session.path("is_sys_admin").asBoolean(), session.toString());
        LocalDateTime expiry = LocalDateTime.parse(session.path("token_expiry_date").asText(),
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        Duration left = Duration.between(LocalDateTime.now(ZoneOffset.UTC), expiry);
        assertTrue(left.compareTo(Duration.ofMinutes(55)) > 0 && left.compareTo(Duration.ofMinutes(61)) < 0,
                "the default session lasts 60 minutes (UTC): " + session);
        JsonNode described = anonymous.withToken(token).get(ADMIN_SESSION).expect(200);
        assertEquals(session.path("id"), described.path("id"));
        assertEquals(token, described.path("session_token").asText());
        anonymous.get(ADMIN_SESSION).error(401);
    }

    @Test
    void refresh_returns_a_new_token_and_the_old_one_is_refused() {
        ApiClient anonymous = anonymousOn(DatabaseEngine.SQLITE);
        String old = ServedInstance.login(anonymous, ADMIN_SESSION, ADMIN_EMAIL, ADMIN_PASSWORD);
        String fresh = anonymous.withToken(old).put(ADMIN_SESSION, null).expect(200).path("session_token").asText();
        assertNotEquals(old, fresh);
        anonymous.withToken(fresh).get("/system/role").expect(200);
        anonymous.withToken(old).get("/system/role").error(401);
        anonymous.withToken(old).get(ADMIN_SESSION).error(401);
        anonymous.withToken(old).put(ADMIN_SESSION, null).error(401);
    }

    @Test
    void logout_ends_the_session_and_its_token_is_refused() {
        ApiClient anonymous = anonymousOn(DatabaseEngine.SQLITE);
        ApiClient admin = anonymous.withToken(ServedInstance.login(anonymous, ADMIN_SESSION, ADMIN_EMAIL, ADMIN_PASSWORD));
        assertTrue(admin.delete(ADMIN_SESSION).expect(200).path("success").asBoolean());
        admin.get("/system/role").error(401);
        admin.put(ADMIN_SESSION, null).error(401);
        anonymous.delete(ADMIN_SESSION).error(401);
    }

    @Test
    void a_wrong_password_and_an_unknown_email_get_the_same_401() {
        ApiClient anonymous = anonymousOn(DatabaseEngine.SQLITE);
        ApiClient.Reply wrongPassword = login(anonymous, ADMIN_SESSION, ADMIN_EMAIL, "not-the-password-at-all");
        ApiClient.Reply unknownEmail = login(anonymous, ADMIN_SESSION, "nobody@example.com", ADMIN_PASSWORD);
        assertEquals(INVALID, wrongPassword.error(401));
        assertEquals(wrongPassword.body(), unknownEmail.body());
        assertEquals(401, unknownEmail.status());
    }

    @Test
    void a_password_change_revokes_every_existing_token_of_that_admin() {
        ApiClient anonymous = anonymousOn(DatabaseEngine.SQLITE);
        JsonNode session = login(anonymous, ADMIN_SESSION, ADMIN_EMAIL, ADMIN_PASSWORD).expect(200);
        ApiClient first = anonymous.withToken(session.path("session_token").asText());
        ApiClient second = anonymous.withToken(ServedInstance.login(anonymous, ADMIN_SESSION, ADMIN_EMAIL, ADMIN_PASSWORD));
        first.patch("/system/admin/" + session.path("id").asLong(), json("{'password':'a-brand-new-password'}")).expect(200);
        first.get("/system/role").error(401);
        second.get("/system/role").error(401);
        assertEquals(INVALID, login(anonymous, ADMIN_SESSION, ADMIN_EMAIL, ADMIN_PASSWORD).error(401));
        anonymous.withToken(ServedInstance.login(anonymous, ADMIN_SESSION, ADMIN_EMAIL, "a-brand-new-password"))
                .get("/system/role").expect(200);
    }

    @Test
    void a_deactivated_user_is_signed_out_at_once() {
        ApiClient admin = anonymousOn(DatabaseEngine.SQLITE).withToken(
                ServedInstance.login(served.anonymous(), ADMIN_SESSION, ADMIN_EMAIL, ADMIN_PASSWORD));
        long id = admin.post("/system/user", json("{'email':'u@example.com','name':'U','password':'sixteen-chars!!!'}"))
                .expect(201).path("id").asLong();
        ApiClient user = served.anonymous().withToken(ServedInstance.login(served.anonymous(), "/user/session",
                "u@example.com", "sixteen-chars!!!"));
        user.get("/user/session").expect(200);
        admin.patch("/system/user/" + id, json("{'is_active':false}")).expect(200);
        user.get("/user/session").error(401);
        assertEquals(INVALID, login(served.anonymous(), "/user/session", "u@example.com", "sixteen-chars!!!").error(401));
    }

    @Test
    void a_logout_on_one_server_is_honoured_by_another_sharing_the_database() {
        ApiClient onA = anonymousOn(DatabaseEngine.POSTGRESQL);
        try (RunningServer b = served.startAnotherServer()) {
            ApiClient onB = new ApiClient(b.port());
            String token = ServedInstance.login(onA, ADMIN_SESSION, ADMIN_EMAIL, ADMIN_PASSWORD);
            onB.withToken(token).get("/system/role").expect(200);
            onA.withToken(token).delete(ADMIN_SESSION).expect(200);
            onB.withToken(token).get("/system/role").error(401);
            String refreshedOnB = onB.withToken(ServedInstance.login(onB, ADMIN_SESSION, ADMIN_EMAIL, ADMIN_PASSWORD))
                    .put(ADMIN_SESSION, null).expect(200).path("session_token").asText();
            onA.withToken(refreshedOnB).get("/system/role").expect(200);
        }
    }

    @Test
    void a_user_logs_in_through_user_session_but_not_through_the_admin_session() {
        ApiClient anonymous = anonymousOn(DatabaseEngine.SQLITE);
        ApiClient admin = anonymous.withToken(ServedInstance.login(anonymous, ADMIN_SESSION, ADMIN_EMAIL, ADMIN_PASSWORD));
        admin.post("/system/user", json("{'email':'jo@example.com','name':'Jo','password':'sixteen-chars!!!'}")).expect(201);
        JsonNode session = login(anonymous, "/user/session", "jo@example.com", "sixteen-chars!!!").expect(200);
        assertEquals(false, session.path("is_sys_admin").asBoolean(true), session.toString());
        ApiClient user = anonymous.withToken(session.path("session_token").asText());
        assertEquals("jo@example.com", user.get("/user/session").expect(200).path("email").asText());
        assertEquals(INVALID, login(anonymous, ADMIN_SESSION, "jo@example.com", "sixteen-chars!!!").error(401));
        login(anonymous, "/user/session", ADMIN_EMAIL, ADMIN_PASSWORD).expect(200); // admins are users too
    }

    @Test
    void repeated_wrong_passwords_lock_the_account_with_the_same_429_whether_or_not_it_exists() {
        anonymousOn(DatabaseEngine.SQLITE);
        Lockout existing = lockOut(served.anonymous(), ADMIN_EMAIL);
        assertEquals(existing.message(), login(served.anonymous(), ADMIN_SESSION, ADMIN_EMAIL, ADMIN_PASSWORD).error(429),
                "the right password does not open a locked account");
        served.close();
        served = ServedInstance.start(DatabaseEngine.SQLITE, home.resolve("second"));
        Lockout unknown = lockOut(served.anonymous(), "nobody@example.com");
        assertEquals(existing, unknown, "a guesser cannot tell existing accounts from others");
    }

    @Test
    void after_five_wrong_passwords_each_further_attempt_is_held_back_before_it_is_answered() {
        ApiClient anonymous = anonymousOn(DatabaseEngine.SQLITE);
        for (int attempt = 1; attempt <= 5; attempt++) {
            login(anonymous, ADMIN_SESSION, ADMIN_EMAIL, "wrong-password-number-" + attempt).error(401);
        }
        long started = System.nanoTime();
        login(anonymous, ADMIN_SESSION, ADMIN_EMAIL, "wrong-password-number-6").error(401);
        Duration taken = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(taken.compareTo(Duration.ofMillis(900)) >= 0,
                "ThrottleLimits.defaults(): from the fifth failure on, attempts wait 1 s, 2 s, 4 s…; this one took " + taken);
    }

    /** How many wrong passwords it took before logins were refused with 429, and the 429 message. */
    private record Lockout(int failures, String message) {
    }

    private static Lockout lockOut(ApiClient anonymous, String email) {
        for (int attempt = 1; attempt <= 20; attempt++) {
            ApiClient.Reply reply = login(anonymous, ADMIN_SESSION, email, "wrong-password-number-" + attempt);
            if (reply.status() == 429) {
                assertTrue(attempt > 3, "a few mistakes are allowed before the lock: " + attempt);
                String message = reply.error(429);
                assertTrue(message.startsWith("Too many failed login attempts."), message);
                return new Lockout(attempt - 1, message);
            }
            assertEquals(INVALID, reply.error(401));
        }
        throw new AssertionError("20 wrong passwords in a row for " + email + " were never throttled");
    }
}
