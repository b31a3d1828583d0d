package org.gapbench.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gapbench.model.resilient.ResponseCache;
import org.gapbench.results.Summary;
import org.gapbench.run.Evaluation;
import org.gapbench.run.RunListener;
import org.gapbench.run.RunPreparer;
import org.gapbench.score.ScoringContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Re-scores runs from their journals with the suites' current scorers. The model under test is not asked",
                "again; a judged suite's judges are asked through the response cache (an unchanged run makes no request)."})
final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories.")
    java.util.List<Path> dirs;

    @Option(names = "--no-cache", description = "Ask judges again instead of reading their verdicts from the response cache.")
    boolean noCache;

    @Option(names = "--cache", description = "Response cache file for judge verdicts (default: ~/.cache/gapbench/responses.sqlite).")
    Path cacheFile;

    @Mixin
    SandboxOptions sandbox;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        ScoringContext scoring = sandbox.context(spec.commandLine().getErr());
        RunPreparer preparer = common.preparer();
        Evaluation evaluation = Evaluation.builder()
                .scoring(scoring)
                .cache(noCache ? null : cacheFile != null ? cacheFile : ResponseCache.defaultLocation())
                .catalog(preparer.catalog()).listener(new RunListener() {
                    @Override
                    public void notice(String message) {
                        spec.commandLine().getErr().println("gapbench: " + message);
                    }
                }).build();
        for (Path dir : dirs) {
            Summary s = evaluation.rescore(dir, preparer);
            out.printf("%s: %s on %s%n", dir, s.model(), s.suite());
            for (Map.Entry<String, Summary.MetricValue> e : s.metrics().entrySet()) {
                out.printf("  %-18s %s%n", e.getKey(), SummaryPrinter.format(e.getValue()));
            }
        }
        out.flush();
        return ExitCode.OK.code;
    }
}
