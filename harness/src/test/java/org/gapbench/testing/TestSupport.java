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

    /** GSM8K question text to gold answer, for servers that answer correctly. */
    public static Map<String, String> gsm8kAnswers() {
        List<Item> items = new DatasetReader(store()).read(ManifestLoader.load(home().resolve("datasets/gsm8k.yaml")), "test");
        Map<String, String> out = new HashMap<>();
        for (Item i : items) {
            out.put(i.text("question"), i.text("answer"));
        }
        return out;
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
