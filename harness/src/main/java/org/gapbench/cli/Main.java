package org.gapbench.cli;

import org.gapbench.config.ConfigException;
import org.gapbench.config.Home;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gapbench} command. Exit codes: 0 success; 1 a regression found by {@code check}; 2 a usage or
 * configuration error (one line, no stack trace unless {@code --debug}); 3 a run that is incomplete (errors,
 * stopped early); 4 an internal error.
 */
@Command(name = "gapbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs benchmark suites against LLMs, scores them with confidence intervals, and tracks the China-US gap.",
        subcommands = {RunCommand.class, ScoreCommand.class, ValidateCommand.class, ListCommand.class, DataCommand.class,
                DemoCommand.class, HistoryCommand.class, GapCommand.class, ReportCommand.class, CheckCommand.class,
                MergeCommand.class, BenchCommand.class, KeigoProfileCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static final int OK = 0;
    public static final int REGRESSION = 1;
    public static final int USAGE = 2;
    public static final int INCOMPLETE = 3;
    public static final int INTERNAL = 4;

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gapbench " + Home.harnessVersion()};
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given output streams. */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean debug = java.util.Arrays.asList(args).contains("--debug");
            if (e instanceof ConfigException ce) {
                cmd.getErr().println("gapbench: " + ce.oneLine());
                if (debug) {
                    e.printStackTrace(cmd.getErr());
                }
                return USAGE;
            }
            cmd.getErr().println("gapbench: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                e.printStackTrace(cmd.getErr());
            }
            return INTERNAL;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("gapbench: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        });
        return cli.execute(args);
    }
}
