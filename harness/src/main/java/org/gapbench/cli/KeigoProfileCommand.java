package org.gapbench.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.gapbench.config.ConfigException;
import org.gapbench.io.Json;
import org.gapbench.keigo.KeigoAnalyzer;
import org.gapbench.keigo.RegisterJudge;
import org.gapbench.publish.keigo.ModelOrigins;
import org.gapbench.publish.keigo.RecordedAnswers;
import org.gapbench.publish.keigo.RegisterProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "keigo-profile", mixinStandardHelpOptions = true,
        description = "Register (politeness) profile of the recorded Japanese answers of US, Chinese and Japanese models, offline.")
final class KeigoProfileCommand implements Callable<Integer> {
    /** Files with fewer answers (the mirror keeps only a sample of Rakuda v3) are too small to compare. */
    static final int MIN_ANSWERS = 20;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--json", description = "Print JSON (per-model profiles and per-country means) instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        Path mirror = mirror();
        ModelOrigins origins = ModelOrigins.load(common.home().datasets().resolve("recorded-model-origins.csv"));
        RegisterJudge judge = new RegisterJudge(KeigoAnalyzer.shared());
        List<RegisterProfile> profiles = new ArrayList<>();
        for (RecordedAnswers.ModelAnswers m : RecordedAnswers.read(mirror)) {
            profiles.add(RegisterProfile.of(m, origins.of(m.file()), judge));
        }
        Map<String, Map<String, Map<String, Object>>> byCountry = byCountry(profiles);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("mirror", mirror.toString());
            doc.put("expectation", "polite register toward the user (teineigo endings; keigo misuse flagged)");
            doc.put("by_country", byCountry);
            doc.put("models", profiles);
            out.println(Json.pretty(doc));
            return ExitCode.OK.code;
        }
        out.printf("%-16s %-44s %-8s %5s %7s %-17s %-17s %6s %-17s%n", "corpus", "model", "country", "n", "polite%",
                "fully polite", "sonkei/kenjo", "misuse", "register score");
        for (RegisterProfile p : profiles) {
            out.printf("%-16s %-44s %-8s %5d %7.1f %-17s %-17s %6.1f %-17s%n", p.corpus(), cut(p.model(), 44), p.country(), p.answers(),
                    100 * p.politeEndingShare(), pct(p.fullyPolite()), pct(p.honorific()), p.misusePer100(), pct(p.registerScore()));
        }
        out.println();
        out.println("Mean over models by developer country, within each corpus (same questions; unweighted; unknown origins and");
        out.println("files with fewer than " + MIN_ANSWERS + " answers left out):");
        byCountry.forEach((corpus, countries) -> countries.forEach((c, v) -> out.printf(
                "  %-16s %-3s models %2s  fully polite %5.1f%%  sonkei/kenjo %5.1f%%  register score %5.1f%%%n", corpus, c,
                v.get("models"), 100 * (double) v.get("fully_polite"), 100 * (double) v.get("honorific"),
                100 * (double) v.get("register_score"))));
        return ExitCode.OK.code;
    }

    private Path mirror() {
        if (common.dataDir != null) {
            return common.dataDir;
        }
        String env = System.getenv("GAPBENCH_DATA");
        Path p = env != null ? Path.of(env) : common.home().root().resolve("../shared/datasets");
        if (!Files.isDirectory(p.resolve("recorded"))) {
            throw new ConfigException(p, 0, "no recorded/ folder here: pass --data-dir with the datasets mirror");
        }
        return p;
    }

    /** Per corpus (so models are compared on the same questions), per developer country. */
    private static Map<String, Map<String, Map<String, Object>>> byCountry(List<RegisterProfile> profiles) {
        Map<String, Map<String, List<RegisterProfile>>> groups = new LinkedHashMap<>();
        profiles.stream().filter(p -> !p.country().equals("unknown") && p.answers() >= MIN_ANSWERS)
                .forEach(p -> groups.computeIfAbsent(p.corpus(), k -> new TreeMap<>()).computeIfAbsent(p.country(), k -> new ArrayList<>()).add(p));
        Map<String, Map<String, Map<String, Object>>> out = new LinkedHashMap<>();
        groups.forEach((corpus, countries) -> countries.forEach((country, ps) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("models", ps.size());
            v.put("fully_polite", ps.stream().mapToDouble(p -> p.fullyPolite().value()).average().orElse(Double.NaN));
            v.put("honorific", ps.stream().mapToDouble(p -> p.honorific().value()).average().orElse(Double.NaN));
            v.put("register_score", ps.stream().mapToDouble(p -> p.registerScore().value()).average().orElse(Double.NaN));
            out.computeIfAbsent(corpus, k -> new LinkedHashMap<>()).put(country, v);
        }));
        return out;
    }

    private static String pct(org.gapbench.stats.Interval i) {
        return String.format("%5.1f [%4.1f,%5.1f]", 100 * i.value(), 100 * i.low(), 100 * i.high());
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
