package org.gapbench.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gapbench.cli.Main;
import org.gapbench.config.Home;
import org.gapbench.dataset.DataStore;
import org.gapbench.dataset.DatasetReader;
import org.gapbench.dataset.Item;
import org.gapbench.dataset.ManifestLoader;

/** Shared test plumbing: where the project and the data mirror are, and running the CLI in-process. */
public final class TestSupport {
    private TestSupport() {
    }

    public static Path home() {
        return Home.resolve().root();
    }

    /** The third-party data mirror: $GAPBENCH_DATA, else ../shared/datasets beside the checkout. */
    public static Path dataDir() {
        String env = System.getenv("GAPBENCH_DATA");
        Path p = env != null && !env.isBlank() ? Path.of(env) : home().resolve("../shared/datasets").normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("the data mirror is missing: set GAPBENCH_DATA (looked at " + p + ")");
        }
        return p;
    }

    public static DataStore store() {
        return new DataStore(List.of(dataDir(), home().resolve("datasets")), dataDir());
    }

    /**
     * A scratch project home at {@code home}, with {@code suites/} and {@code datasets/} holding copies of these project
     * files (paths relative to the project), for tests that edit a suite or the catalog.
     */
    public static Path scratchHome(Path home, String... files) throws java.io.IOException {
        Files.createDirectories(home.resolve("suites"));
        Files.createDirectories(home.resolve("datasets"));
        for (String f : files) {
            Files.createDirectories(home.resolve(f).getParent());
            Files.copy(home().resolve(f), home.resolve(f));
        }
        return home;
    }

    /** GSM8K question text to gold answer, for servers that answer correctly. */
    public static Map<String, String> gsm8kAnswers() {
        List<Item> items = new DatasetReader(store()).read(ManifestLoader.load(home().resolve("datasets/gsm8k.yaml")), "test");
        Map<String, String> out = new HashMap<>();
        for (Item i : items) {
            out.put(i.text("question"), i.text("answer"));
        }
        return out;
    }

    /**
     * A {@code gapbench} command in a child JVM with this build's classes, for tests that need a process of its own
     * (killed with SIGKILL, or run with a controlled environment). The child's environment is the test's, with
     * {@code env} applied: a null value removes the variable.
     */
    public static ProcessBuilder child(Path home, Map<String, String> env, List<String> args) {
        return child(home, env, List.of(), args);
    }

    /** {@link #child(Path, Map, List)} with JVM options ({@code -Xmx32m}: a command that must run in flat memory). */
    public static ProcessBuilder child(Path home, Map<String, String> env, List<String> jvmOptions, List<String> args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "-Dgapbench.home=" + home,
                "-Dsun.net.httpserver.nodelay=true", "org.gapbench.cli.Main"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        return pb;
    }

    /** Runs {@link #child} to completion and returns its exit code and combined output. */
    public static Cli runChild(Path home, Map<String, String> env, String... args) {
        try {
            Process p = child(home, env, List.of(args)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Cli(p.waitFor(), out, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The result of running the CLI in-process. */
    public record Cli(int exit, String out, String err) {
    }

    public static Cli gapbench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(code, out.toString(), err.toString());
    }
}
