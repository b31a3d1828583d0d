package org.gapbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.gapbench.config.ConfigException;
import org.gapbench.model.ModelTarget;
import org.gapbench.publish.judging.JudgeAnalysis;
import org.gapbench.results.RunReader;
import org.gapbench.results.Summary;
import org.gapbench.run.Evaluation;
import org.gapbench.run.RunPreparer;
import org.gapbench.run.RunRequest;
import org.gapbench.score.JudgeVerdict;
import org.gapbench.stats.Bootstrap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The judged suites' offline demo: real recorded answers and real recorded judge verdicts (Stability's GPT-4 grades
 * of Japanese MT-Bench, ku-nlp's GPT-4 pairwise verdicts on Japanese Vicuna QA in both orders, Command-R+'s three
 * grade runs on ELYZA-tasks-100, AlpacaEval 2.0's weighted GPT-4-turbo preferences) replayed through the whole
 * pipeline, the judge road included, and printed beside the publishers' figures ({@code datasets/replays/published-judged.csv}).
 */
@Command(name = "demo-judged", mixinStandardHelpOptions = true,
        description = {"Replays recorded answers and recorded LLM-judge verdicts (Japanese MT-Bench, Japanese Vicuna QA,",
                "ELYZA-tasks-100, AlpacaEval 2.0) offline and prints gapbench's figures beside the published ones."})
final class DemoJudgedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--out", defaultValue = "runs/demo-judged", description = "Where the runs go (default: ${DEFAULT-VALUE}).")
    Path out;

    /** One published figure: the run that replays it and what it says. */
    record Figure(String suite, String model, List<String> judges, String judge, String metric, double scale, String published,
                  String publishedBy, String note) {
        /** Whether {@code ours} rounds to the published figure at its precision. */
        boolean agrees(double ours) {
            BigDecimal p = new BigDecimal(published);
            double halfUnit = 0.5 * Math.pow(10, -Math.max(0, p.scale()));
            return Math.abs(ours - p.doubleValue()) <= halfUnit + 1e-9;
        }
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        List<Figure> figures = read(common.home().datasets().resolve("replays").resolve("published-judged.csv"));
        RunPreparer preparer = common.preparer();
        Evaluation evaluation = Evaluation.builder().concurrency(4).timeout(Duration.ofSeconds(30)).build();
        Map<List<String>, Path> runs = new LinkedHashMap<>(); // (suite, model, judges) -> run directory
        Map<String, List<Path>> bySuite = new LinkedHashMap<>();
        for (Figure f : figures) {
            List<String> key = List.of(f.suite(), f.model(), String.join(" ", f.judges()));
            if (!runs.containsKey(key)) {
                Path dir = out.resolve(f.suite()).resolve(f.model().substring(f.model().lastIndexOf('/') + 1));
                DemoCommand.clear(dir);
                evaluation.run(preparer.prepare(RunRequest.builder(f.suite(), "replay:replays/" + f.model() + ".yaml").judges(f.judges()).build()), dir);
                runs.put(key, dir);
                bySuite.computeIfAbsent(f.suite(), k -> new ArrayList<>()).add(dir);
            }
        }
        String suite = null;
        int agree = 0;
        for (Figure f : figures) {
            if (!f.suite().equals(suite)) {
                suite = f.suite();
                stdout.printf("%n%s: recorded answers and recorded judge verdicts, replayed offline%n", suite);
                stdout.printf("%-58s %-20s %-12s %-12s %s%n", "model", "figure", "gapbench", "published", "");
            }
            Path dir = runs.get(List.of(f.suite(), f.model(), String.join(" ", f.judges())));
            double ours = value(dir, f) * f.scale();
            boolean same = f.agrees(ours);
            agree += same ? 1 : 0;
            String figure = f.judge().isEmpty() ? f.metric() : f.metric() + " [" + ModelTarget.recordingName(f.judge()) + "]";
            stdout.printf(Locale.ROOT, "%-58s %-20s %-12s %-12s %s%n", f.model().substring(f.model().lastIndexOf('/') + 1), figure,
                    String.format(Locale.ROOT, "%.4f", ours), f.published(), same ? "same" : "differs: " + f.note());
        }
        stdout.printf("%n%d of %d published figures reproduced at their published precision; the others are explained.%n", agree, figures.size());
        for (Map.Entry<String, List<Path>> e : bySuite.entrySet()) {
            JudgeAnalysis.Result r = JudgeAnalysis.analyse(e.getValue(), Bootstrap.standard()).get(e.getKey());
            if (r != null && !r.agreement().isEmpty()) {
                stdout.printf("%n%s, agreement between the judges on the same answers (Spearman, 95%% CI):%n", e.getKey());
                r.agreement().forEach(a -> stdout.printf("  %s / %s: %s over %d answers%n", ModelTarget.recordingName(a.judgeA()), ModelTarget.recordingName(a.judgeB()),
                        interval(a.spearman()), a.answers()));
            }
        }
        stdout.printf("%nRuns, journals (every verdict with its judge, prompt, rule and reasons) and summaries: %s%n",
                out.toAbsolutePath().normalize());
        stdout.println("How each figure is computed: docs/judged-suites.md; the judge-bias method: docs/judging.md");
        stdout.flush();
        return ExitCode.OK.code;
    }

    private static String interval(org.gapbench.stats.Interval i) {
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", i.value(), i.low(), i.high());
    }


    /** The figure's value in the run: a summary metric, or one judge's mean grade. */
    private static double value(Path dir, Figure f) {
        RunReader reader = RunReader.open(dir);
        if (f.judge().isEmpty()) {
            Summary.MetricValue v = reader.summary().metrics().get(f.metric());
            if (v == null || v.value() == null) {
                throw new ConfigException(dir + ": the run has no " + f.metric());
            }
            return v.value();
        }
        double[] sum = new double[2];
        reader.forEachLatest(r -> {
            Double g = r.score() == null ? null : JudgeVerdict.gradesByJudge(r.score()).get(f.judge());
            if (g != null) {
                sum[0] += g;
                sum[1]++;
            }
        });
        return sum[0] / sum[1];
    }

    static List<Figure> read(Path csv) {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser p = CSVParser.builder().setReader(reader).setFormat(CSVFormat.DEFAULT.builder().setHeader()
                     .setSkipHeaderRecord(true).setCommentMarker('#').get()).get()) {
            List<Figure> out = new ArrayList<>();
            for (CSVRecord r : p) {
                out.add(new Figure(r.get("suite"), r.get("model"), Arrays.asList(r.get("judges").trim().split("\\s+")), r.get("judge"),
                        r.get("metric"), Double.parseDouble(r.get("scale")), r.get("published"), r.get("published_by"), r.get("note")));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(csv + ": " + e.getMessage());
        }
    }
}
