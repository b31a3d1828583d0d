package org.gapbench.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gapbench.config.ConfigException;
import org.gapbench.config.Home;
import org.gapbench.dataset.DataStore;
import org.gapbench.dataset.DatasetManifest;
import org.gapbench.dataset.DatasetReader;
import org.gapbench.dataset.Item;
import org.gapbench.dataset.ManifestLoader;
import org.gapbench.model.Catalog;
import org.gapbench.model.CatalogEntry;
import org.gapbench.model.GenerationParams;
import org.gapbench.model.ModelTarget;
import org.gapbench.model.provider.Providers;
import org.gapbench.results.RunIdentity;
import org.gapbench.score.DatasetSource;
import org.gapbench.score.ScorerModel;
import org.gapbench.score.registry.ScoringPlan;
import org.gapbench.suite.ScorerConfig;
import org.gapbench.suite.SuiteLoader;
import org.gapbench.suite.SuiteSpec;

/** Resolves a {@link RunRequest} against the project's suites, manifests, data and catalog. */
public final class RunPreparer {
    private final Home home;
    private final DataStore store;
    private final Catalog catalog;

    public RunPreparer(Home home, DataStore store, Catalog catalog) {
        this.home = home;
        this.store = store;
        this.catalog = catalog;
    }

    public Catalog catalog() {
        return catalog;
    }

    public SuiteSpec suite(String id) {
        SuiteSpec s = SuiteLoader.loadAll(home.suites()).get(id);
        if (s == null) {
            throw new ConfigException("unknown suite '" + id + "' (gapbench list suites)");
        }
        return s;
    }

    public DatasetManifest manifest(SuiteSpec suite) {
        Map<String, DatasetManifest> all = ManifestLoader.loadAll(home.datasets());
        DatasetManifest m = all.get(suite.dataset());
        if (m == null) {
            throw new ConfigException(suite.source(), 1, "dataset '" + suite.dataset() + "' has no manifest in " + home.datasets());
        }
        return m;
    }

    /** All items of {@code suite}'s split, read from its manifest's files (sha256 checked, corrections applied). */
    public List<Item> items(SuiteSpec suite) {
        return new DatasetReader(store).read(manifest(suite), suite.split());
    }

    /** Resolves and checks everything a run needs; every mistake is reported here, before any request. */
    public PreparedRun prepare(RunRequest req) {
        SuiteSpec suite = suite(req.suiteId());
        ScoringPlan scoring = ScoringPlan.of(suite);
        boolean newJudges = req.judges() != null && !req.judges().equals(suite.scorer().options().get("judges"));
        boolean newUrl = req.judgeBaseUrl() != null && !req.judgeBaseUrl().equals(suite.scorer().options().get("judge_base_url"));
        if (newJudges || newUrl) {
            if (!scoring.takesJudges()) {
                throw new ConfigException((newJudges ? "--judge" : "--judge-base-url") + ": suite " + suite.id()
                        + " is not judged by models (its scorer " + scoring.scorerName() + " takes no judges)");
            }
            if (req.judgeBaseUrl() != null) {
                ModelTarget.checkBaseUrl(req.judgeBaseUrl());
            }
            suite = withJudges(suite, req.judges(), req.judgeBaseUrl());
            scoring = ScoringPlan.of(suite);
        }
        DatasetManifest manifest = manifest(suite);
        List<Item> all = items(suite);
        if (all.isEmpty()) {
            throw new ConfigException(manifest.source(), 1, "the dataset has no items for split " + suite.split());
        }
        String stratify = suite.breakdowns().isEmpty() ? null : suite.breakdowns().get(0);
        List<Item> selected = ItemSelection.sample(all, req.limit(), req.seed(), stratify);
        RunIdentity.Shard shard = req.shard() == null ? RunIdentity.Shard.WHOLE : req.shard();
        List<Item> items = ItemSelection.shard(selected, shard);
        checkFields(suite, scoring, items);
        ModelTarget target = ModelTarget.resolve(req.modelSpec(), catalog, req.baseUrl(), req.apiKeyEnv(), req.as());
        if (target.isReplay()) {
            target = withRecording(target);
        }
        GenerationParams params = req.overrides() == null ? suite.generation() : suite.generation().overriddenBy(req.overrides());
        int samples = req.samples() != null ? req.samples() : suite.samples();
        if (samples < 1) {
            throw new ConfigException("--samples must be at least 1");
        }
        RunIdentity identity = identity(suite, manifest, target, params, samples,
                new RunIdentity.Selection(req.limit() == null || req.limit() >= all.size() ? null : req.limit(), req.seed(), stratify, selected.size()),
                shard);
        if (scoring.requiresJudges() && !(suite.scorer().options().get("judges") instanceof List<?> named && !named.isEmpty())) {
            throw new ConfigException("suite " + suite.id() + " is judged by models: name them with --judge MODEL[,MODEL]");
        }
        Map<String, ModelTarget> judges = new LinkedHashMap<>();
        for (ScorerModel m : scoring.models()) {
            ModelTarget t = ModelTarget.resolve(m.spec(), catalog, m.baseUrl(), null, null);
            judges.putIfAbsent(m.spec(), t.isReplay() ? withRecording(t) : t);
        }
        Map<String, List<Item>> data = new LinkedHashMap<>();
        List<RunIdentity.DatasetRef> scorerData = new java.util.ArrayList<>();
        Map<String, DatasetManifest> manifests = scoring.datasets().isEmpty() ? Map.of() : ManifestLoader.loadAll(home.datasets());
        for (String id : scoring.datasets()) {
            DatasetManifest dm = manifests.get(id);
            if (dm == null) {
                throw new ConfigException("dataset '" + id + "' (named by a scorer) has no manifest in " + home.datasets());
            }
            data.put(id, new DatasetReader(store).read(dm, null));
            scorerData.add(datasetRef(dm, null));
        }
        DatasetSource source = id -> {
            List<Item> d = data.get(id);
            if (d == null) {
                throw new ConfigException("dataset '" + id + "' was not declared by the scorer");
            }
            return d;
        };
        identity = identity.withJudges(judges.values().stream().map(RunPreparer::ref).toList()).withScorerData(scorerData);
        return new PreparedRun(suite, scoring, manifest, items, target, params, samples, identity, Map.copyOf(judges), source);
    }

    /** {@code suite} with its scorer's {@code judges} replaced: the judges are then part of its hash, hence of the run's identity. */
    private static SuiteSpec withJudges(SuiteSpec s, List<String> judges, String baseUrl) {
        Map<String, Object> options = new LinkedHashMap<>(s.scorer().options());
        if (judges != null) {
            options.put("judges", List.copyOf(judges));
        }
        if (baseUrl != null) {
            options.put("judge_base_url", baseUrl);
        }
        ScorerConfig c = new ScorerConfig(s.scorer().name(), options, s.scorer().lines(), s.scorer().pointer());
        return new SuiteSpec(s.source(), s.id(), s.version(), s.title(), s.description(), s.language(), s.tags(), s.dataset(),
                s.split(), s.prompt(), s.oracle(), c, s.metrics(), s.breakdowns(), s.cluster(), s.generation(), s.samples(), s.lines());
    }


    /**
     * Refuses a prompt or a scorer option that names a field the items lack ({@code {{questoin}}},
     * {@code gold_field: answr}), with the line of the offending key, before any request ({@code validate} asks too).
     */
    public static void checkFields(SuiteSpec suite, ScoringPlan scoring, List<Item> items) {
        suite.prompt().firstMissing(items).ifPresent(m -> {
            throw suite.lines().error("/prompt/" + m.part(), "the " + m.part() + " prompt names the field '" + m.field() + "', which "
                    + (m.item() == null ? "no item has" : "item " + m.item() + " does not have") + " (fields: "
                    + String.join(", ", new java.util.TreeSet<>(items.get(0).fields().keySet())) + ")");
        });
        scoring.checkItems(items);
    }

    /**
     * A replay's recorded outputs: the file as given, else under a data directory; named in the identity by its path
     * relative to the data directory that holds it (the same on every machine) and by its sha256. A recording
     * manifest names its own files by sha256, so its hash covers their content too; they are checked here.
     */
    private ModelTarget withRecording(ModelTarget t) {
        Path given = Path.of(t.modelName());
        Path file = Files.isRegularFile(given) ? given : null;
        if (file == null && !given.isAbsolute()) {
            for (Path root : store.searchPath()) {
                if (Files.isRegularFile(root.resolve(given))) {
                    file = root.resolve(given);
                    break;
                }
            }
        }
        if (file == null) {
            throw new ConfigException("replay file not found: " + given + " (looked in the working directory and in " + store.searchPath() + ")");
        }
        file = file.toAbsolutePath().normalize();
        String name = t.modelName();
        for (Path root : store.searchPath()) {
            Path r = root.toAbsolutePath().normalize();
            if (file.startsWith(r)) {
                name = r.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                break;
            }
        }
        Providers.checkRecording(file, store);
        return t.withReplayFile(file, name, store.sha256(file), store);
    }

    private RunIdentity identity(SuiteSpec suite, DatasetManifest m, ModelTarget t, GenerationParams params, int samples,
                                 RunIdentity.Selection selection, RunIdentity.Shard shard) {
        return new RunIdentity(RunIdentity.FORMAT,
                new RunIdentity.SuiteRef(suite.id(), suite.version(), suite.contentHash(), suite.promptHash(),
                        suite.prompt().system(), suite.prompt().user(), suite.scorer(), suite.scorerHash(), suite.metrics()),
                datasetRef(m, suite.split()), ref(t), params, samples, selection, shard,
                new RunIdentity.Harness(Home.harnessVersion(), home.gitCommit(), Instant.now().toString()), List.of());
    }

    /** A dataset as an identity names it: the files of {@code split} (all when null) by sha256, and its corrections. */
    private static RunIdentity.DatasetRef datasetRef(DatasetManifest m, String split) {
        List<RunIdentity.FileHash> files = m.filesOfSplit(split).stream().map(f -> new RunIdentity.FileHash(f.path(), f.sha256())).toList();
        return new RunIdentity.DatasetRef(m.id(), m.version(), m.license(), m.commercialUse(), files, m.corrections().stream()
                .map(c -> c.item() + "." + c.field() + ": " + c.was() + " -> " + c.value()).toList());
    }

    /** A model as the identity names it, with the catalog's facts. */
    private static RunIdentity.ModelRef ref(ModelTarget t) {
        CatalogEntry e = t.entry();
        return new RunIdentity.ModelRef(t.displayName(), t.spec(), t.profile().name(), t.modelName(), t.baseUrl(),
                e == null ? null : e.organization(), e == null ? null : e.country(),
                e == null ? null : e.releaseDate().toString(), e == null ? null : e.openWeights(), t.fileSha256());
    }
}
