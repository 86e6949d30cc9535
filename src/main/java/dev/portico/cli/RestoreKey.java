package dev.portico.cli;

import dev.portico.App;
import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.backup.ArchiveExtras;
import dev.portico.config.DotenvFile;
import dev.portico.crypto.AppKey;
import dev.portico.crypto.KeyWrap;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The key a restore opens the archive's secrets with, and where it came from: APP_KEY when it is the
 * archive's key; else, with --with-env, the archived .env's key; else the key wrapped in the archive,
 * opened with the passphrase. A key that is not APP_KEY is written to .env after the load.
 */
record RestoreKey(AppKey key, String source, boolean writeToEnv) {

    /** Empty when no usable key is at hand: the restore's own key check then says what to do. */
    static Optional<RestoreKey> choose(CliContext context, ArchiveExtras archive, boolean withEnv, boolean force) {
        App app = context.app();
        String wanted = archive.manifest().keyFingerprint();
        Optional<AppKey> configured = app.appKey();
        if (configured.isPresent() && configured.get().fingerprint().equals(wanted)) {
            return Optional.of(new RestoreKey(configured.get(), "APP_KEY", false));
        }
        Optional<AppKey> archived = withEnv ? archivedEnvKey(archive.envLines().orElse(List.of()))
                .filter(key -> key.fingerprint().equals(wanted)) : Optional.empty();
        if (archived.isEmpty() && archive.wrappedKey().isEmpty()) {
            return Optional.empty();
        }
        // refused before asking for a passphrase that could not be used anyway
        if (app.environmentValue("APP_KEY").isPresent()) {
            throw new PorticoException(ErrorCode.REFUSED, "APP_KEY is set in the environment (fingerprint "
                    + configured.map(AppKey::fingerprint).orElse("?") + "), which overrides .env, so the archive's key "
                    + wanted + " written to .env would not be used. Unset APP_KEY there (or set it to the archive's key) "
                    + "and run the restore again; nothing was written.");
        }
        if (configured.isPresent() && !force) {
            throw new PorticoException(ErrorCode.REFUSED, "APP_KEY in .env has fingerprint " + configured.get().fingerprint()
                    + ", the archive's key is " + wanted + ". Restoring replaces APP_KEY in .env with the archive's key "
                    + "(the old .env is kept beside it), so anything sealed with " + configured.get().fingerprint()
                    + " is replaced along with the data. Run the restore with --force to go ahead; nothing was written.");
        }
        if (archived.isPresent()) {
            return Optional.of(new RestoreKey(archived.get(), "the archived .env", true));
        }
        char[] passphrase = BackupPassphrase.ask(context, "The archive's key " + wanted + " is wrapped under a "
                + "passphrase" + configured.map(key -> " (APP_KEY here is " + key.fingerprint() + ")").orElse(""));
        try {
            return Optional.of(new RestoreKey(KeyWrap.unwrap(archive.wrappedKey().get(), passphrase),
                    "the passphrase-wrapped key in the archive", true));
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    private static Optional<AppKey> archivedEnvKey(List<String> lines) {
        String encoded = DotenvFile.parseLines(lines, "the archived .env").get("APP_KEY");
        try {
            return Optional.ofNullable(encoded).map(AppKey::parse);
        } catch (PorticoException malformed) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "RestoreKey[fingerprint=" + key.fingerprint() + ", source=" + source + "]";
    }
}
