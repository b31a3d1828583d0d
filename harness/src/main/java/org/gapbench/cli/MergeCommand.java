package org.gapbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.gapbench.results.Summary;
import org.gapbench.run.ShardMerger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Joins the shard directories of one run (gapbench run --shard i/n) into one run directory and summarizes the whole.",
                "Refuses shards of different runs, a shard given twice and units in two shards (exit 2);",
                "exit 3 when some units were never scored (missing shards, unfinished or failed samples), naming them."})
final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(arity = "1..*", paramLabel = "SHARD_DIR", description = "Run directories of the shards.")
    List<Path> shards;

    @Option(names = "--out", required = true, description = "Directory of the merged run.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        ShardMerger.Result r = new ShardMerger(common.preparer()).merge(shards, out);
        Summary s = r.summary();
        stdout.printf("%s on %s: merged %d shard director%s%n", s.model(), s.suite(), shards.size(), shards.size() == 1 ? "y" : "ies");
        s.metrics().forEach((name, v) -> stdout.printf("  %-18s %s%n", name, SummaryPrinter.format(v)));
        Summary.Counts c = s.counts();
        stdout.printf("  items %d, samples scored %d of %d, errors %d%n", c.items(), c.scored(), c.samples(), c.errors());
        if (!r.missingShards().isEmpty()) {
            stdout.println("  shards not given: " + String.join(", ", r.missingShards()));
        }
        if (!r.missing().isEmpty()) {
            stdout.println("  incomplete: " + r.missing().size() + " units not scored: " + ShardMerger.listed(r.missing())
                    + "; finish their shards (re-run the same command) and merge again");
        }
        stdout.println("  run directory: " + out);
        stdout.flush();
        return r.complete() ? ExitCode.OK.code : ExitCode.INCOMPLETE.code;
    }
}
