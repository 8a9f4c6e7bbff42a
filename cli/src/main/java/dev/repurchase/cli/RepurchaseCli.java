package dev.repurchase.cli;

import dev.repurchase.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar repurchase.jar <command>}: the local commands of the product. */
@Command(
        name = "repurchase",
        mixinStandardHelpOptions = true,
        versionProvider = RepurchaseCli.Version.class,
        description = "Real-time repurchase analytics on Apache Flink.",
        subcommands = {
            DemoCommand.class,
            ReplayCommand.class,
            PublishCommand.class,
            OnlineRetailCommand.class,
            BenchCommand.class,
            UpgradeSavepointCommand.class
        })
public final class RepurchaseCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with one-line errors for bad arguments and failed runs. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RepurchaseCli());
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + oneLine(e));
                    return 1;
                });
        return cli;
    }

    /** The exception's message and its causes', on one line. */
    static String oneLine(Throwable e) {
        StringBuilder line = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (line.indexOf(message) < 0) {
                line.append(line.length() == 0 ? "" : ": ").append(message);
            }
        }
        return line.toString().replace('\n', ' ');
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RepurchaseCli.class.getPackage().getImplementationVersion();
            return new String[] {"repurchase " + (version == null ? "dev" : version)};
        }
    }
}
