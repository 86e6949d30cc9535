package dev.portico.cli;

import dev.portico.BuildInfo;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code portico}: the top of the command tree. Its subcommands mirror artisan's names. */
@Command(name = "portico", mixinStandardHelpOptions = true, versionProvider = PorticoCommand.Version.class,
        description = "Portico: secure REST APIs over SQL databases, with a lifecycle you can trust.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed (state unchanged or restored)", "2:usage error",
            "3:checks found problems", "4:refused for safety", "5:busy (lock held)"})
final class PorticoCommand implements Runnable {
    /** Every subcommand, in the order help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            VersionCommand.class, SetupCommand.class, ServeCommand.class,
            MigrateCommand.class, MigrateStatusCommand.class, MigrateFreshCommand.class, MigrateResetCommand.class,
            DbSeedCommand.class, KeyGenerateCommand.class, CacheClearCommand.class,
            ConfigShowCommand.class, ConfigCacheCommand.class, ConfigClearCommand.class, AdminCreateCommand.class,
            AdminPasswordCommand.class, AppKeyCommand.class, BackupCommand.class, BackupVerifyCommand.class,
            BackupListCommand.class, RestoreCommand.class, VerifyCommand.class, CloneCommand.class, DownCommand.class,
            UpCommand.class, UpgradeCheckCommand.class, UpgradeCommand.class, RollbackCommand.class,
            DoctorCommand.class);

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a command; `portico --help` lists them.");
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo build = BuildInfo.load();
            return new String[] {"Portico " + build.version() + " (" + build.commit() + ", built " + build.builtAt() + ")"};
        }
    }
}
