package dev.portico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portico.ErrorCode;
import dev.portico.config.DatabaseEngine;
import dev.portico.testing.TestInstance;
import dev.portico.upgrade.UpgradeFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a terminal, {@code upgrade} and {@code rollback} go ahead only on a typed "yes". */
class UpgradeConfirmationTest {
    @TempDir
    Path home;

    @Test
    void upgrade_and_rollback_ask_on_a_terminal_and_go_ahead_only_on_yes() {
        try (TestInstance instance = UpgradeFixture.schemaOne(DatabaseEngine.SQLITE, home)) {
            ScriptedTerminal no = new ScriptedTerminal("no");
            TestInstance.Result refused = instance.run(no, "upgrade");
            assertEquals(ErrorCode.REFUSED.exitCode(), refused.exitCode(), refused.toString());
            assertTrue(refused.err().contains("Cancelled; nothing was changed."), refused.toString());
            assertTrue(no.prompts.get(0).contains("from schema 1 (Portico 0.1.0) to ") && no.prompts.get(0)
                    .endsWith("Type yes to continue: "), no.prompts.toString());
            assertEquals(1, UpgradeFixture.schema(instance));
            assertTrue(!Files.exists(home.resolve("storage/backups")), "nothing written before the answer");

            ScriptedTerminal yes = new ScriptedTerminal("yes");
            TestInstance.Result upgraded = instance.run(yes, "upgrade");
            assertEquals(0, upgraded.exitCode(), upgraded.toString());
            assertEquals(1, yes.prompts.size());

            ScriptedTerminal notNow = new ScriptedTerminal("not now");
            TestInstance.Result kept = instance.run(notNow, "rollback");
            assertEquals(ErrorCode.REFUSED.exitCode(), kept.exitCode(), kept.toString());
            assertTrue(notNow.prompts.get(0).startsWith("Roll back to point "), notNow.prompts.toString());
            TestInstance.Result rolledBack = instance.run(new ScriptedTerminal("yes"), "rollback");
            assertEquals(0, rolledBack.exitCode(), rolledBack.toString());
            assertEquals(1, UpgradeFixture.schema(instance));
        }
    }
}
