package org.gapbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.gapbench.config.ConfigException;
import org.gapbench.io.JsonLines;
import org.gapbench.publish.judging.JudgeAnalysis;
import org.gapbench.stats.Bootstrap;
import org.gapbench.stats.Interval;
import org.gapbench.stats.JudgeBias;
import org.gapbench.stats.JudgePanel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "judge-bias", mixinStandardHelpOptions = true,
        description = {"Does a judge favour its own side? Reads judges' grades of the same answers and estimates",
                "the judge-group x model-group interaction (US judges' US-minus-CN gap minus CN judges' US-minus-CN gap)",
                "and each judge's self-preference, each per item, with a 95% bootstrap interval and a sign-flip p-value.",
                "Input: judged run directories (--runs: one suite, several models, the same judges; countries from the catalog),",
                "or JSON Lines {\"item\", \"model\", \"model_group\", \"judge\", \"judge_group\", \"grade\"} (grades on one scale; null: none given).",
                "Items lacking a grade some judge owes some model are left out and counted, never imputed.",
                "Exit 0: estimated; 2: a bad line (FILE:LINE) or option."})
final class JudgeBiasCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "JSON Lines of grades (.jsonl or .jsonl.gz).")
    Path input;

    @Option(names = "--runs", arity = "1..*", paramLabel = "DIR", description = "Judged run directories (instead of FILE).")
    List<Path> runs;

    @Option(names = "--groups", split = ",", paramLabel = "A,B",
            description = "The two groups to contrast (default: the two judge groups in the file, e.g. US,CN).")
    List<String> groups;

    @Override
    public Integer call() {
        if ((input == null) == (runs == null)) {
            throw new ConfigException("judge-bias: give a FILE of grades or --runs DIR..., not both or neither");
        }
        if (runs != null) {
            return fromRuns();
        }
        if (!Files.isRegularFile(input)) {
            throw new ConfigException(input, 0, "no such file");
        }
        Map<String, String> judgeGroup = new LinkedHashMap<>();
        Map<String, String> modelGroup = new LinkedHashMap<>();
        JudgePanel panel = read(input, judgeGroup, modelGroup);
        Set<String> judgeGroups = new LinkedHashSet<>(judgeGroup.values());
        List<String> ab = groups != null ? groups : List.copyOf(judgeGroups);
        if (ab.size() != 2 || ab.get(0).equals(ab.get(1))) {
            throw new ConfigException(groups != null ? "--groups: give two different groups, e.g. --groups US,CN"
                    : input + ": the judges belong to " + judgeGroups.size() + " group(s) " + judgeGroups
                      + "; choose two with --groups A,B");
        }
        for (String g : ab) {
            if (!judgeGroups.contains(g) || !modelGroup.containsValue(g)) {
                throw new ConfigException(input + ": group " + g + " needs judges and models of its own in the file");
            }
        }
        Bootstrap bootstrap = Bootstrap.standard();
        PrintWriter out = spec.commandLine().getOut();
        out.println(line(JudgeBias.countryInteraction(panel, judgeGroup, modelGroup, ab.get(0), ab.get(1), bootstrap)));
        for (String judge : panel.judges()) {
            boolean hasOthers = judgeGroup.values().stream().anyMatch(g -> !g.equals(judgeGroup.get(judge)));
            if (hasOthers) {
                out.println(line(JudgeBias.ownGroupPreference(judge + " on its own group's models", panel, judge,
                        judgeGroup, modelGroup, bootstrap)));
            }
        }
        out.println("a non-zero interaction says the two groups' judges disagree in a group-aligned way, not which side is right");
        out.flush();
        return ExitCode.OK.code;
    }

    /** The bias table of each judged suite among {@code runs}, a line per judge (the report's judges section, as text). */
    private int fromRuns() {
        for (Path d : runs) {
            if (!Files.isRegularFile(d.resolve("run.json"))) {
                throw new ConfigException(d + ": not a run directory (no run.json)");
            }
        }
        Map<String, JudgeAnalysis.Result> all = JudgeAnalysis.analyse(runs, Bootstrap.standard());
        if (all.isEmpty()) {
            throw new ConfigException("--runs: none of these runs was judged by models");
        }
        PrintWriter out = spec.commandLine().getOut();
        for (JudgeAnalysis.Result r : all.values()) {
            List<String> models = new ArrayList<>();
            r.modelCountry().forEach((m, c) -> models.add(m + " (" + (c == null ? "country unknown" : c) + ")"));
            out.println(r.suite() + ", " + r.models().size() + " models: " + String.join(", ", models));
            for (JudgeAnalysis.JudgeRow j : r.judges()) {
                out.println(String.format(Locale.ROOT, "  %s (%s): %d grades, %s-%s gap %s, home bias %s, self-preference %s, length bias rho %s%s",
                        j.judge(), j.country() == null ? "?" : j.country(), j.graded(), r.first(), r.second(), JudgeAnalysis.signed(j.gap()),
                        j.homeBias() == null ? "n/a" : JudgeAnalysis.signed(j.homeBias().differenceOnX()) + p(j.homeBias()),
                        j.selfPreference() == null ? "n/a" : JudgeAnalysis.signed(j.selfPreference().differenceOnX()) + p(j.selfPreference()), JudgeAnalysis.signed(j.lengthBias()),
                        j.positionBias() == null ? "" : String.format(Locale.ROOT, ", position bias %.3f", j.positionBias().value())));
            }
            out.println("  " + r.statement());
            if (r.interaction() != null) {
                out.println("  judge country x model country: " + JudgeAnalysis.signed(r.interaction().interaction()) + p(r.interaction()));
            }
            r.agreement().forEach(a -> out.println("  agreement " + a.judgeA() + " / " + a.judgeB() + ": rho " + JudgeAnalysis.signed(a.spearman())
                    + " over " + a.answers() + " answers"));
        }
        out.flush();
        return ExitCode.OK.code;
    }


    private static String p(JudgeBias.Result r) {
        return Double.isFinite(r.pValue()) ? String.format(Locale.ROOT, " (p = %.3f)", r.pValue()) : "";
    }

    private static String line(JudgeBias.Result r) {
        Interval i = r.interaction();
        String estimate = r.answers() == 0 || !Double.isFinite(i.value()) ? "n/a (no answer graded by every judge)"
                : String.format(Locale.ROOT, "interaction %+.4f [%+.4f, %+.4f], p = %.4f", i.value(), i.low(), i.high(), r.pValue());
        return String.format(Locale.ROOT, "%s: %s; gap %+.4f under %s, %+.4f under %s; %d answers, %d left out (a grade missing: %s)",
                r.name(), estimate, r.gapUnderA().value(), r.judgesA(), r.gapUnderB().value(), r.judgesB(), r.answers(),
                r.excluded(), r.missingByJudge());
    }

    private static JudgePanel read(Path file, Map<String, String> judgeGroup, Map<String, String> modelGroup) {
        List<JudgePanel.Grade> grades = new ArrayList<>();
        JsonLines.forEach(file, (lineNo, node) -> {
            JsonNode grade = node.get("grade");
            if (grade == null || !(grade.isNumber() || grade.isNull()) || (grade.isNumber() && !Double.isFinite(grade.asDouble()))) {
                throw new ConfigException(file, lineNo, "'grade' must be a finite number, or null for a judge that gave none");
            }
            String model = text(node, "model", file, lineNo);
            String judge = text(node, "judge", file, lineNo);
            group(modelGroup, model, text(node, "model_group", file, lineNo), "model", file, lineNo);
            group(judgeGroup, judge, text(node, "judge_group", file, lineNo), "judge", file, lineNo);
            grades.add(JudgePanel.Grade.of(text(node, "item", file, lineNo), model, judge,
                    grade.isNull() ? Double.NaN : grade.asDouble()));
        });
        if (grades.isEmpty()) {
            throw new ConfigException(file, 0, "no grades");
        }
        try {
            return JudgePanel.of(grades);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, 0, e.getMessage());
        }
    }

    private static void group(Map<String, String> groups, String who, String group, String what, Path file, int lineNo) {
        String before = groups.putIfAbsent(who, group);
        if (before != null && !before.equals(group)) {
            throw new ConfigException(file, lineNo, what + " " + who + " was in group " + before + " on an earlier line, here " + group);
        }
    }

    private static String text(JsonNode node, String field, Path file, int lineNo) {
        JsonNode v = node.get(field);
        if (v == null || !v.isValueNode() || v.isNull() || v.asText().isBlank()) {
            throw new ConfigException(file, lineNo, "'" + field + "' is missing or empty");
        }
        return v.asText();
    }
}
