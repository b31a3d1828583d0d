package org.gapbench.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gapbench.config.Home;
import org.gapbench.testing.GsmModels;
import org.gapbench.testing.TestSupport;
import org.gapbench.testkit.ProviderServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the commands of {@code docs/ci.md} as written (GitHub Actions steps, the GitLab job's script, the Kubernetes
 * Job's container command, the Slurm batch script, the merge commands) against local OpenAI-compatible servers.
 * Only the endpoint, the key and the Kubernetes volume path are substituted.
 */
class CiDocTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*([^}]+?)\\s*}}");
    private static final String KEY = "sk-doc-test-secret-4f1c";

    @TempDir
    static Path tmp;

    static Map<String, String> blocks;
    static GsmModels models;
    static ProviderServer good;
    static ProviderServer noisy;
    static ProviderServer worse;

    @BeforeAll
    static void start() throws IOException {
        blocks = DocWorkspace.blocks(Home.resolve().root().resolve("docs/ci.md"));
        models = new GsmModels();
        good = server(models.model("a", 0.9));
        noisy = server(models.model("c", 0.86));
        worse = server(models.model("a", 0.6));
    }

    static ProviderServer server(Function<JsonNode, String> model) {
        return ProviderServer.builder().answer(ProviderServer.onBody(model)).start();
    }

    @AfterAll
    static void stop() {
        Stream.of(good, noisy, worse).forEach(ProviderServer::close);
    }

    /** A fresh workspace holding the committed baseline, made by the doc's baseline command against the good model. */
    static DocWorkspace gateWorkspace(String name) throws Exception {
        DocWorkspace ws = new DocWorkspace(Files.createDirectories(tmp.resolve(name)), TestSupport.dataDir())
                .env("GAPBENCH_MODEL", "local-model").env("OPENAI_API_KEY", KEY);
        DocWorkspace.Result r = ws.bash(blocks.get("baseline"), Map.of("OPENAI_BASE_URL", good.baseUrl()));
        assertEquals(0, r.exit(), r.output());
        return ws;
    }

    @Test
    void theGitHubGatePassesACandidateThatDiffersOnlyByNoise() throws Exception {
        DocWorkspace ws = gateWorkspace("github-gate");
        Path stepSummary = ws.dir.resolve("step-summary.md");
        JsonNode job = YAML.readTree(blocks.get("github-gate")).path("jobs").path("gsm8k-smoke");
        Map<String, String> context = Map.of("vars.GAPBENCH_BASE_URL", noisy.baseUrl(), "secrets.GAPBENCH_API_KEY", KEY,
                "vars.GAPBENCH_MODEL", "local-model");
        DocWorkspace.Result r = runGitHubJob(ws, job, context, Map.of("GITHUB_STEP_SUMMARY", stepSummary.toString()));
        assertEquals(0, r.exit(), r.output());
        String junit = Files.readString(ws.dir.resolve("gapbench-junit.xml"));
        assertTrue(junit.contains("failures=\"0\" errors=\"0\"") && junit.contains("name=\"accuracy\""), junit);
        assertTrue(Files.readString(stepSummary).contains("### gapbench check: pass"));
        assertNoKeyIn(ws, r);
    }

    @Test
    void theGitLabGateFailsATrulyWorseCandidate() throws Exception {
        DocWorkspace ws = gateWorkspace("gitlab-gate");
        JsonNode job = YAML.readTree(blocks.get("gitlab-gate")).path("gapbench-gate");
        Map<String, String> env = new HashMap<>();
        job.path("variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        env.put("GAPBENCH_MODEL", "local-model");
        env.put("CI_PROJECT_DIR", ws.dir.toString());
        env.put("OPENAI_BASE_URL", worse.baseUrl());
        StringBuilder script = new StringBuilder();
        job.path("script").forEach(line -> script.append(line.asText()).append('\n'));
        DocWorkspace.Result r = ws.bash(script.toString(), env);
        assertEquals(1, r.exit(), r.output());
        assertEquals("gapbench-junit.xml", job.path("artifacts").path("reports").path("junit").asText());
        String junit = Files.readString(ws.dir.resolve("gapbench-junit.xml"));
        assertTrue(junit.contains("<failure type=\"regression\" message=\"REGRESSION: drop"), junit);
        assertNoKeyIn(ws, r);
    }

    @Test
    void theThreeShardingRecipesGiveTheSameCompleteRun() throws Exception {
        Path k8s = kubernetesIndexedJob();
        Path matrix = gitHubMatrix();
        Path slurm = slurmArray();
        String summary = Files.readString(k8s.resolve("summary.json"));
        assertTrue(summary.contains("\"complete\" : true") && summary.contains("\"items\" : 1319"), summary);
        assertEquals(summary, Files.readString(matrix.resolve("summary.json")));
        assertEquals(summary, Files.readString(slurm.resolve("summary.json")));
    }

    private Path kubernetesIndexedJob() throws Exception {
        DocWorkspace ws = new DocWorkspace(Files.createDirectories(tmp.resolve("k8s")), TestSupport.dataDir());
        Path volume = ws.dir.resolve("volume");
        JsonNode spec = YAML.readTree(blocks.get("k8s-job")).path("spec");
        assertEquals("Indexed", spec.path("completionMode").asText());
        JsonNode container = spec.path("template").path("spec").path("containers").get(0);
        assertEquals(List.of("/bin/bash", "-c"), List.of(container.path("command").get(0).asText(), container.path("command").get(1).asText()));
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(),
                e.has("valueFrom") ? KEY : e.path("value").asText()));
        assertEquals(spec.path("completions").asText(), env.get("GAPBENCH_SHARD_COUNT"), "GAPBENCH_SHARD_COUNT must equal completions");
        env.put("OPENAI_BASE_URL", good.baseUrl());
        env.put("GAPBENCH_MODEL", "local-model");
        String script = container.path("args").get(0).asText().replace("/results", volume.toString());
        List<Callable<DocWorkspace.Result>> pods = new ArrayList<>();
        for (int i = 0; i < spec.path("completions").asInt(); i++) {
            Map<String, String> podEnv = new HashMap<>(env);
            podEnv.put("JOB_COMPLETION_INDEX", Integer.toString(i));
            pods.add(() -> ws.bash(script, podEnv));
        }
        allSucceed(pods);
        DocWorkspace.Result merge = ws.bash(blocks.get("k8s-merge").replace("/results", volume.toString()), Map.of());
        assertEquals(0, merge.exit(), merge.output());
        assertNoKeyIn(ws, merge);
        return volume.resolve("gsm8k/merged");
    }

    private Path gitHubMatrix() throws Exception {
        DocWorkspace ws = new DocWorkspace(Files.createDirectories(tmp.resolve("matrix")), TestSupport.dataDir());
        JsonNode jobs = YAML.readTree(blocks.get("github-matrix")).path("jobs");
        JsonNode shards = jobs.path("shard").path("strategy").path("matrix").path("shard");
        List<Callable<DocWorkspace.Result>> matrixJobs = new ArrayList<>();
        for (JsonNode shard : shards) {
            Map<String, String> context = Map.of("matrix.shard", shard.asText(), "strategy.job-total", Integer.toString(shards.size()),
                    "vars.GAPBENCH_BASE_URL", good.baseUrl(), "secrets.GAPBENCH_API_KEY", KEY, "vars.GAPBENCH_MODEL", "local-model");
            matrixJobs.add(() -> runGitHubJob(ws, jobs.path("shard"), context, Map.of()));
        }
        allSucceed(matrixJobs);
        // upload-artifact of shards/ from every shard job + download-artifact with merge-multiple into shards/ = this directory.
        DocWorkspace.Result r = runGitHubJob(ws, jobs.path("merge"), Map.of(), Map.of());
        assertEquals(0, r.exit(), r.output());
        return ws.dir.resolve("runs/gsm8k");
    }

    private Path slurmArray() throws Exception {
        DocWorkspace ws = new DocWorkspace(Files.createDirectories(tmp.resolve("slurm")), TestSupport.dataDir());
        String script = blocks.get("slurm-array");
        Matcher array = Pattern.compile("#SBATCH --array=(\\d+)-(\\d+)").matcher(script);
        assertTrue(array.find());
        int min = Integer.parseInt(array.group(1));
        int max = Integer.parseInt(array.group(2));
        Files.createDirectories(ws.dir.resolve("tmp"));
        List<Callable<DocWorkspace.Result>> tasks = new ArrayList<>();
        for (int id = min; id <= max; id++) {
            Map<String, String> env = Map.of("SLURM_ARRAY_TASK_ID", Integer.toString(id),
                    "SLURM_ARRAY_TASK_MIN", Integer.toString(min), "SLURM_ARRAY_TASK_COUNT", Integer.toString(max - min + 1),
                    "SLURM_SUBMIT_DIR", ws.dir.toString(), "TMPDIR", ws.dir.resolve("tmp").toString(),
                    "GAPBENCH_MODEL", "local-model", "OPENAI_BASE_URL", good.baseUrl(), "OPENAI_API_KEY", KEY);
            tasks.add(() -> ws.bash(script, env));
        }
        allSucceed(tasks);
        DocWorkspace.Result merge = ws.bash(blocks.get("slurm-merge"), Map.of());
        assertEquals(0, merge.exit(), merge.output());
        return ws.dir.resolve("runs/gsm8k");
    }

    /** Runs the shards side by side, as the engines do, and requires every one to exit 0. */
    private static void allSucceed(List<Callable<DocWorkspace.Result>> shards) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(shards.size());
        try {
            for (Future<DocWorkspace.Result> f : pool.invokeAll(shards)) {
                assertEquals(0, f.get().exit(), f.get().output());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs a GitHub Actions job's {@code run:} steps that call gapbench, in order, with the job's environment;
     * {@code uses:} steps (checkout, setup-java, cache, artifacts) are the runner's business. Stops at the first
     * failing step, as a job does, and returns its exit code.
     */
    private static DocWorkspace.Result runGitHubJob(DocWorkspace ws, JsonNode job, Map<String, String> context,
                                                    Map<String, String> runnerEnv) throws Exception {
        Map<String, String> env = new HashMap<>(runnerEnv);
        job.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), expand(e.getValue().asText(), context)));
        StringBuilder output = new StringBuilder();
        int ran = 0;
        for (JsonNode step : job.path("steps")) {
            String run = step.path("run").asText("");
            if (!run.contains("./gapbench")) {
                continue;
            }
            ran++;
            DocWorkspace.Result r = ws.bash(expand(run, context), env);
            output.append(r.output());
            if (r.exit() != 0) {
                return new DocWorkspace.Result(r.exit(), output.toString());
            }
        }
        assertTrue(ran > 0, "the job runs gapbench");
        return new DocWorkspace.Result(0, output.toString());
    }

    /** Replaces {@code ${{ expression }}}; an expression the test does not know fails it, so the doc stays runnable. */
    private static String expand(String text, Map<String, String> context) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String value = context.get(m.group(1));
            assertTrue(value != null, "unknown expression in the doc: " + m.group());
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static void assertNoKeyIn(DocWorkspace ws, DocWorkspace.Result result) throws IOException {
        assertFalse(result.output().contains(KEY), "the API key was printed");
        try (Stream<Path> files = Files.walk(ws.dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".sqlite")).toList()) {
                assertFalse(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains(KEY), "the API key is in " + f);
            }
        }
    }
}
