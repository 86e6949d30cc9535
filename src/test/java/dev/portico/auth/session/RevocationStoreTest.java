package dev.portico.auth.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.config.ConfigLoader;
import dev.portico.config.DatabaseEngine;
import dev.portico.systemdb.SystemDatabase;
import dev.portico.systemdb.UtcTimestamps;
import dev.portico.testing.TestInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two nodes share one system database: each has its own {@link SystemDatabase} (and pool), as two
 * servers would. What one revokes, the other must refuse at once.
 */
class RevocationStoreTest {
    private static final SessionPolicy POLICY = SessionPolicy.defaults();

    @TempDir
    Path home;

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void a_logout_on_one_node_is_seen_by_the_other_at_once(DatabaseEngine engine) {
        onTwoNodes(engine, (nodeA, nodeB) -> {
            long user = createUser(nodeA, "ada@example.com");
            TokenClaims loggedOut = login(user, UtcTimestamps.now());
            TokenClaims otherDevice = login(user, UtcTimestamps.now());
            assertFalse(nodeB.store().isRevoked(loggedOut));
            nodeA.store().revoke(loggedOut);
            assertTrue(nodeB.store().isRevoked(loggedOut), "node B refuses the token node A revoked");
            assertFalse(nodeB.store().isRevoked(otherDevice), "the same user's other session is untouched");
        });
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void revoking_all_of_a_users_tokens_spares_those_issued_after_even_in_the_same_second(DatabaseEngine engine) {
        onTwoNodes(engine, (nodeA, nodeB) -> {
            long user = createUser(nodeA, "ada@example.com");
            long someoneElse = createUser(nodeA, "bob@example.com");
            Instant change = Instant.parse("2025-03-01T12:00:00.300Z");
            TokenClaims before = login(user, Instant.parse("2025-03-01T12:00:00.100Z"));
            TokenClaims after = login(user, Instant.parse("2025-03-01T12:00:00.700Z"));
            TokenClaims bobs = login(someoneElse, Instant.parse("2025-03-01T11:00:00Z"));
            revokeAllFor(nodeA, user, change);
            assertTrue(nodeB.store().isRevoked(before));
            assertFalse(nodeB.store().isRevoked(after), "the token handed out with the new password stays valid");
            assertFalse(nodeB.store().isRevoked(bobs));
        });
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void revoking_all_tokens_of_a_user_who_no_longer_exists_does_nothing(DatabaseEngine engine) {
        onTwoNodes(engine, (nodeA, nodeB) -> {
            revokeAllFor(nodeA, 987_654, UtcTimestamps.now());
            assertEquals(0, rows(nodeA.database()));
        });
    }

    @ParameterizedTest
    @EnumSource(DatabaseEngine.class)
    void purge_deletes_only_rows_no_token_can_need_any_more(DatabaseEngine engine) {
        onTwoNodes(engine, (nodeA, nodeB) -> {
            long user = createUser(nodeA, "ada@example.com");
            long changedPasswordYesterday = createUser(nodeA, "bob@example.com");
            Instant now = UtcTimestamps.now();
            Instant monthAgo = now.minus(Duration.ofDays(30));
            TokenClaims old = login(user, monthAgo);
            TokenClaims expiredButRefreshable = login(user, now.minus(Duration.ofDays(2)));
            nodeA.store().revoke(old);
            nodeA.store().revoke(expiredButRefreshable);
            revokeAllFor(nodeA, user, monthAgo);
            revokeAllFor(nodeA, changedPasswordYesterday, now.minus(Duration.ofDays(1)));
            assertEquals(2, nodeB.store().purgeExpired(now));
            assertEquals(2, rows(nodeA.database()));
            assertTrue(nodeB.store().isRevoked(expiredButRefreshable), "still refreshable, so its revocation stays");
            assertEquals(0, nodeB.store().purgeExpired(now));
        });
    }

    /** One node's store, with its database so the test can look at the table. */
    private record Node(SystemDatabase database, RevocationStore store) {
    }

    private void onTwoNodes(DatabaseEngine engine, BiConsumer<Node, Node> test) {
        try (TestInstance instance = new TestInstance(engine, home)) {
            TestInstance.Result migrated = instance.run("migrate");
            assertEquals(0, migrated.exitCode(), migrated.toString());
            var settings = new ConfigLoader(instance.environment()).load(home).database();
            try (SystemDatabase databaseA = new SystemDatabase(settings, 2);
                 SystemDatabase databaseB = new SystemDatabase(settings, 2)) {
                databaseA.pool();
                databaseB.pool();
                test.accept(new Node(databaseA, new RevocationStore(databaseA, POLICY)),
                        new Node(databaseB, new RevocationStore(databaseB, POLICY)));
            }
        }
    }

    private static TokenClaims login(long user, Instant at) {
        return TokenClaims.forLogin(user, "user" + user + "@example.com", false, at, POLICY);
    }

    private static long createUser(Node node, String email) {
        Instant now = UtcTimestamps.now();
        return node.database().transaction(handle -> handle.insert("INSERT INTO user_account (name, email, "
                + "is_sys_admin, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                email, email, false, true, now, now));
    }

    /** A password change's revocation, in its own transaction as the system API runs it with the change. */
    private static void revokeAllFor(Node node, long user, Instant before) {
        node.database().transaction(handle -> {
            node.store().revokeAllFor(handle, user, before);
            return null;
        });
    }

    private static long rows(SystemDatabase database) {
        return database.transaction(handle -> handle.number("SELECT COUNT(*) FROM token_revocation"));
    }
}
