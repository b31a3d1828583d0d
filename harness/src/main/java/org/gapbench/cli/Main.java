package org.gapbench.cli;

import org.gapbench.config.ConfigException;
import org.gapbench.config.Home;
import org.gapbench.io.WriteFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code gapbench} command. Exit codes are {@link ExitCode}; a usage or configuration error is one line, with no
 * stack trace unless {@code --debug}.
 */
@Command(name = "gapbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs benchmark suites against LLMs, scores them with confidence intervals, and tracks the China-US gap.",
        subcommands = {RunCommand.class, ScoreCommand.class, ValidateCommand.class, ListCommand.class, DataCommand.class,
                DemoCommand.class, DemoJudgedCommand.class, HistoryCommand.class, GapCommand.class, ReportCommand.class, CheckCommand.class,
                MergeCommand.class, KeigoProfileCommand.class, GradeCommand.class, JudgeBiasCommand.class, CommandLine.HelpCommand.class})
public final class Main {
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
        for (Extension e : java.util.ServiceLoader.load(Extension.class)) {
            cli.addSubcommand(e.command());
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean debug = java.util.Arrays.asList(args).contains("--debug");
            if (e instanceof ConfigException ce) {
                cmd.getErr().println("gapbench: " + ce.oneLine());
                if (debug) {
                    e.printStackTrace(cmd.getErr());
                }
                return ExitCode.USAGE.code;
            }
            if (e instanceof WriteFailedException w) {
                // A full disk is not a bug: what was written is whole, and the same command finishes once there is room.
                cmd.getErr().println("gapbench: " + w.getMessage() + (w.diskFull() ? "; free some space and" : ";")
                        + " re-run the same command");
                if (debug) {
                    e.printStackTrace(cmd.getErr());
                }
                return ExitCode.INCOMPLETE.code;
            }
            cmd.getErr().println("gapbench: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                e.printStackTrace(cmd.getErr());
            }
            return ExitCode.INTERNAL.code;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("gapbench: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCode.USAGE.code;
        });
        return cli.execute(args);
    }
}
