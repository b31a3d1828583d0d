package org.gapbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.gapbench.config.ConfigException;
import org.gapbench.publish.history.HistoryImporter;
import org.gapbench.publish.history.HistoryRow;
import org.gapbench.publish.history.HistoryTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Published benchmark scores with release dates and countries (datasets/history/).",
        subcommands = HistoryCommand.Import.class)
final class HistoryCommand {

    /** Where the normalized history lives in a checkout. */
    static Path defaultTable(CommonOptions common) {
        return common.home().datasets().resolve("history").resolve(HistoryTable.SCORES);
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Re-imports the history table from the third-party mirror (drop a newer snapshot folder in and re-run).")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Option(names = "--from", paramLabel = "MIRROR", description = "Mirror root or its history/ folder (default: $GAPBENCH_DATA, else ../shared/datasets).")
        Path from;

        @Option(names = "--out", paramLabel = "DIR", description = "Where scores.csv and sources.csv go (default: datasets/history).")
        Path out;

        @Override
        public Integer call() {
            Path mirror = from != null ? from : defaultMirror(common);
            HistoryTable table = HistoryImporter.importFrom(mirror);
            Path dir = out != null ? out : defaultTable(common).getParent();
            table.write(dir);
            Map<String, Integer> perBenchmark = new TreeMap<>();
            for (HistoryRow r : table.rows()) {
                perBenchmark.merge(r.benchmark(), 1, Integer::sum);
            }
            var w = spec.commandLine().getOut();
            w.printf("imported %d rows from %d sources into %s%n", table.rows().size(), table.sources().size(), dir);
            perBenchmark.forEach((b, n) -> w.printf("  %-24s %6d%n", b, n));
            w.flush();
            return ExitCode.OK.code;
        }
    }

    static Path defaultMirror(CommonOptions common) {
        String env = System.getenv("GAPBENCH_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path sibling = common.home().root().resolve("..").resolve("shared").resolve("datasets").normalize();
        if (Files.isDirectory(sibling)) {
            return sibling;
        }
        throw new ConfigException("no history mirror: pass --from MIRROR or set GAPBENCH_DATA");
    }
}
