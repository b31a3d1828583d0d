package org.gapbench.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gapbench.config.Home;
import org.gapbench.dataset.DataStore;
import org.gapbench.dataset.Item;
import org.gapbench.io.Hashes;
import org.gapbench.model.Catalog;
import org.gapbench.run.PreparedRun;
import org.gapbench.run.RunPreparer;
import org.gapbench.run.RunRequest;

/**
 * Answer functions for {@code LocalOpenAiServer} that play models of a chosen GSM8K accuracy: the server finds the
 * item from the question in the prompt and answers its gold number, or a wrong one, decided by a hash of
 * (salt, item id), so a model is deterministic per item and two salts give independent error patterns.
 */
public final class GsmModels {
    private final Map<String, Item> byQuestion = new HashMap<>();

    private GsmModels(List<Item> items) {
        items.forEach(i -> byQuestion.put(i.text("question").strip(), i));
    }

    /** The shared data mirror: $GAPBENCH_DATA, else beside the checkout. */
    public static Path dataDir() {
        String env = System.getenv("GAPBENCH_DATA");
        Path p = env != null && !env.isBlank() ? Path.of(env) : Home.resolve().root().resolve("../shared/datasets").normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("the data mirror is not at " + p + "; set GAPBENCH_DATA");
        }
        return p;
    }

    public static GsmModels load() {
        Home home = Home.resolve();
        RunPreparer preparer = new RunPreparer(home, DataStore.standard(dataDir(), home.datasets()), Catalog.load(home.catalog()));
        PreparedRun all = preparer.prepare(new RunRequest("gsm8k", "oracle:gold", null, null, null, RunRequest.DEFAULT_SEED,
                null, null, null, null));
        return new GsmModels(all.items());
    }

    /** A model right on the items whose hash with {@code salt} falls below {@code accuracy}. */
    public Function<JsonNode, String> model(String salt, double accuracy) {
        return request -> {
            Item item = item(request);
            boolean right = fraction(salt, item.id()) < accuracy;
            return right ? "Adding it up, the answer is \\boxed{" + item.text("answer") + "}." : "I think it is \\boxed{-987654}.";
        };
    }

    static double fraction(String salt, String id) {
        return Long.parseLong(Hashes.sha256(salt, id).substring(0, 8), 16) / (double) (1L << 32);
    }

    private Item item(JsonNode request) {
        JsonNode messages = request.path("messages");
        String user = messages.get(messages.size() - 1).path("content").asText();
        int start = user.indexOf("\n\n");
        Item item = byQuestion.get((start < 0 ? user : user.substring(start + 2)).strip());
        if (item == null) {
            throw new IllegalArgumentException("no GSM8K item for prompt: " + user);
        }
        return item;
    }
}
