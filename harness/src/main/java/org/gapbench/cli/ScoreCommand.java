package org.gapbench.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gapbench.run.Rescorer;
import org.gapbench.run.Summary;
import org.gapbench.score.ScoringEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Re-scores finished runs from their journals with the suites' current scorers; makes no model calls.")
final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories.")
    java.util.List<Path> dirs;

    @Option(names = "--unsafe-no-sandbox", description = "Run generated code without the sandbox (only inside your own container).")
    boolean unsafeNoSandbox;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (unsafeNoSandbox) {
            spec.commandLine().getErr().println(org.gapbench.sandbox.Sandbox.UNSAFE_WARNING);
        }
        ScoringEnvironment env = new ScoringEnvironment(unsafeNoSandbox, Math.max(1, Runtime.getRuntime().availableProcessors()));
        for (Path dir : dirs) {
            Summary s = Rescorer.rescore(dir, common.preparer(), null, env);
            out.printf("%s: %s on %s%n", dir, s.model(), s.suite());
            for (Map.Entry<String, Summary.MetricValue> e : s.metrics().entrySet()) {
                out.printf("  %-18s %s%n", e.getKey(), SummaryPrinter.format(e.getValue()));
            }
        }
        out.flush();
        return Main.OK;
    }
}
