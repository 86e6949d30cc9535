package dev.portico.backup;

import dev.portico.ErrorCode;
import dev.portico.PorticoException;
import dev.portico.config.DotenvFile;
import dev.portico.config.EnvFileWriter;
import dev.portico.crypto.AppKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The .env a restore writes with {@code --with-env}: the archive's .env, except that the DB_* settings
 * stay this instance's (the database just restored is the configured one, not the source's) and
 * APP_KEY is the key the restore used. Stateless.
 */
public final class EnvRestore {
    static final String BACKUP_LABEL = "before-restore";
    private static final Pattern DB_LINE = Pattern.compile("\\s*(export\\s+)?DB_[A-Za-z0-9_.]*\\s*=.*");
    private static final Pattern KEY_LINE = Pattern.compile("\\s*(export\\s+)?APP_KEY\\s*=.*");

    private EnvRestore() {
    }

    /** The archived lines without their DB_* settings, with this instance's DB_* lines and {@code key}. */
    public static List<String> merge(List<String> archived, List<String> current, AppKey key) {
        List<String> lines = new ArrayList<>();
        boolean keySet = false;
        for (String line : archived) {
            if (KEY_LINE.matcher(line).matches()) {
                if (!keySet) {
                    lines.add("APP_KEY=" + key.encoded());
                    keySet = true;
                }
            } else if (!DB_LINE.matcher(line).matches()) {
                lines.add(line);
            }
        }
        if (!keySet) {
            lines.add("APP_KEY=" + key.encoded());
        }
        List<String> database = current.stream().filter(line -> DB_LINE.matcher(line).matches()).toList();
        lines.add("");
        lines.add("# portico restore --with-env: the DB_* settings below are this instance's, not the archive's,");
        lines.add("# so the instance keeps using the database the archive was restored onto.");
        lines.addAll(database);
        return lines;
    }

    /** Reads this instance's .env as lines (none when it does not exist). */
    public static List<String> currentLines(Path envFile) {
        DotenvFile.read(envFile); // fails with a clear message when .env is unreadable or malformed
        try {
            return Files.exists(envFile) ? Files.readAllLines(envFile) : List.of();
        } catch (IOException e) {
            throw new PorticoException(ErrorCode.FAILED, "Cannot read " + envFile + " ("
                    + e.getClass().getSimpleName() + "); nothing was written.", e);
        }
    }

    /** Writes the merged .env (mode 600); the previous one is kept as .env.before-restore-<time>. */
    public static Path write(Path envFile, List<String> lines) {
        return EnvFileWriter.replace(envFile, lines, BACKUP_LABEL);
    }
}
