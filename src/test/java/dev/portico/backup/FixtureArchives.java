package dev.portico.backup;

import dev.portico.App;
import dev.portico.config.DatabaseEngine;
import dev.portico.crypto.AppKey;
import dev.portico.testing.TestInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Archives committed under {@code src/test/resources/archives/}, made by an earlier schema and kept
 * so that every later build proves it still restores them. Their key and the rich user's password
 * are derived here from fixed labels (test-only values; no secret is written into the repository).
 *
 * <p>To make the archive of the current schema (only ever once per schema version, on the commit
 * that is the last one at that version): {@code java -cp target/test-classes:target/classes:<deps>
 * dev.portico.backup.FixtureArchives src/test/resources/archives/schema-N.zip}.
 * The rows are {@link RichInstance}'s: {@code rich-admin@example.com} (sys-admin) and
 * {@code zoe@example.com} (user) log in with {@link #password()}.
 */
public final class FixtureArchives {
    private FixtureArchives() {
    }

    /** The committed archive of schema {@code version}. */
    public static Path archive(int version) {
        return Path.of("src/test/resources/archives/schema-" + version + ".zip");
    }

    public static String appKey() {
        return "base64:" + Base64.getEncoder().encodeToString(digest("portico fixture archives: APP_KEY"));
    }

    public static String password() {
        return HexFormat.of().formatHex(digest("portico fixture archives: password"), 0, 12);
    }

    private static byte[] digest(String label) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]).toAbsolutePath();
        Path home = Files.createTempDirectory("portico-fixture");
        try (TestInstance instance = new TestInstance(DatabaseEngine.SQLITE, home).with("APP_KEY", appKey())) {
            TestInstance.Result setup = instance.run("migrate", "--seed");
            if (setup.exitCode() != 0) {
                throw new IllegalStateException(setup.toString());
            }
            try (App app = new App(instance.home(), instance.environment())) {
                RichInstance.populate(app, password());
            }
            TestInstance.Result backup = instance.run("backup", "--out", out.toString());
            if (backup.exitCode() != 0) {
                throw new IllegalStateException(backup.toString());
            }
            System.out.println(backup.out());
        }
    }
}
