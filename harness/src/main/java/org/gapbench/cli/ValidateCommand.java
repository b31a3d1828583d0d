package org.gapbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gapbench.config.ConfigException;
import org.gapbench.config.ConfigFiles;
import org.gapbench.config.Home;
import org.gapbench.dataset.DataStore;
import org.gapbench.dataset.DatasetManifest;
import org.gapbench.dataset.DatasetReader;
import org.gapbench.dataset.Item;
import org.gapbench.dataset.ManifestLoader;
import org.gapbench.model.Catalog;
import org.gapbench.run.RunPreparer;
import org.gapbench.score.JudgeException;
import org.gapbench.score.ModelOutput;
import org.gapbench.score.Score;
import org.gapbench.score.Scorer;
import org.gapbench.score.ScoringContext;
import org.gapbench.score.registry.ScoringPlan;
import org.gapbench.suite.PromptTemplate;
import org.gapbench.suite.SuiteLoader;
import org.gapbench.suite.SuiteSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks every suite, dataset manifest and catalog entry; prints problems as file:line: message.",
                "Where a suite's data is available it also checks the hashes, renders the prompt for the first item and",
                "checks that the oracle answer scores 1. Exit 0: no problem; 2: problems found."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--require-data", description = "Treat a dataset that is not available locally as a problem.")
    boolean requireData;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Home home = common.home();
        List<String> problems = new ArrayList<>();

        Map<String, DatasetManifest> manifests = new LinkedHashMap<>();
        for (Path f : ConfigFiles.yamlFiles(home.datasets())) {
            try {
                DatasetManifest m = ManifestLoader.load(f);
                DatasetManifest prev = manifests.put(m.id(), m);
                if (prev != null) {
                    problems.add(f + ":1: dataset id '" + m.id() + "' is also defined in " + prev.source());
                }
            } catch (ConfigException e) {
                problems.add(e.oneLine());
            }
        }
        Catalog catalog;
        try {
            catalog = Catalog.load(home.catalog());
        } catch (ConfigException e) {
            problems.add(e.oneLine());
            catalog = Catalog.empty();
        }
        DataStore store = common.store();
        int suites = 0;
        int checkedWithData = 0;
        for (Path f : ConfigFiles.yamlFiles(home.suites())) {
            SuiteSpec s;
            ScoringPlan plan;
            try {
                s = SuiteLoader.load(f);
                plan = ScoringPlan.of(s);
                suites++;
            } catch (ConfigException e) {
                problems.add(e.oneLine());
                continue;
            }
            DatasetManifest m = manifests.get(s.dataset());
            if (m == null) {
                problems.add(f + ":1: dataset '" + s.dataset() + "' has no manifest in " + home.datasets());
                continue;
            }
            try {
                if (checkWithData(s, plan, m, manifests, store, problems)) {
                    checkedWithData++;
                }
            } catch (ConfigException e) {
                problems.add(e.oneLine());
            }
        }
        problems.forEach(out::println);
        out.printf("%d suites (%d checked against their data), %d dataset manifests, %d catalog models: %s%n",
                suites, checkedWithData, manifests.size(), catalog.all().size(),
                problems.isEmpty() ? "ok" : problems.size() + " problem(s)");
        out.flush();
        return problems.isEmpty() ? ExitCode.OK.code : ExitCode.USAGE.code;
    }

    /** Renders the prompt and scores the oracle answer on the first item; false when the data is not here. */
    private boolean checkWithData(SuiteSpec s, ScoringPlan plan, DatasetManifest m, Map<String, DatasetManifest> manifests, DataStore store,
                                  List<String> problems) {
        for (DatasetManifest.DataFile f : m.filesOfSplit(s.split())) {
            Optional<Path> found = store.find(m, f);
            if (found.isEmpty()) {
                if (requireData) {
                    problems.add(m.source() + ":" + f.line() + ": data file " + f.path() + " is not available (gapbench data pull " + m.id() + ")");
                }
                return false;
            }
        }
        List<Item> items = new DatasetReader(store).read(m, s.split());
        if (items.isEmpty()) {
            problems.add(s.source() + ":1: the dataset has no items for split " + s.split());
            return true;
        }
        Item first = items.get(0);
        try {
            RunPreparer.checkFields(s, plan, items);
            s.prompt().render(first);
        } catch (ConfigException e) {
            problems.add(e.oneLine());
            return true;
        } catch (RuntimeException e) {
            problems.add(s.source() + ":1: the prompt does not render for item " + first.id() + ": " + e.getMessage());
            return true;
        }
        for (String id : plan.datasets()) {
            DatasetManifest own = manifests.get(id);
            if (own == null) {
                problems.add(s.source() + ":" + s.scorer().lineOf("prompts") + ": the scorer reads dataset '" + id + "', which has no manifest");
                return true;
            }
            new DatasetReader(store).read(own, null);
        }
        if (plan.requiresJudges()) {
            return true; // a judged suite: validate asks no judge, so the oracle's verdict cannot be checked here
        }
        Scorer scorer = plan.scorer(ScoringContext.standard());
        String oracle;
        try {
            oracle = PromptTemplate.renderText(s.oracle(), first);
        } catch (RuntimeException e) {
            problems.add(s.source() + ":1: the oracle template does not render for item " + first.id() + ": " + e.getMessage());
            return true;
        }
        Score score;
        try {
            score = scorer.score(first, new ModelOutput(oracle, null));
        } catch (JudgeException e) {
            return true; // a judged suite: validate asks no judge, so the oracle's verdict cannot be checked here
        }
        if (!score.isCorrect()) {
            problems.add(s.source() + ":1: the oracle answer for item " + first.id() + " scores " + score.value()
                    + " (rule " + score.rule() + "), not 1");
        }
        return true;
    }
}
