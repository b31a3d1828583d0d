package org.gapbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.gapbench.config.Home;
import org.gapbench.dataset.Item;
import org.gapbench.model.Catalog;
import org.gapbench.results.RunIdentity;
import org.gapbench.testing.TestSupport;
import org.junit.jupiter.api.Test;

/**
 * The CI smoke subset ({@code --limit N}) and the shard partition must be the same on every machine, in every
 * order the data is read, and under any thread timing: they depend only on the seed and the item ids.
 */
class SmokeSubsetTest {

    @Test
    void theGsm8kSmokeSubsetIsPinned() {
        Home home = Home.resolve();
        RunPreparer preparer = new RunPreparer(home, TestSupport.store(), Catalog.load(home.catalog()));
        PreparedRun run = preparer.prepare(RunRequest.builder("gsm8k", "oracle:gold").limit(8).build());
        // sha256(seed, id) ranks the items: these ids are what every machine, JVM and locale selects.
        assertEquals(List.of("211", "517", "707", "850", "1014", "1074", "1143", "1270"), run.items().stream().map(Item::id).toList());
    }

    @Test
    void theSampleIsStratifiedProportionallyAndIndependentOfInputOrder() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(new Item("q" + i, Map.of("level", i < 60 ? "easy" : i < 90 ? "medium" : "hard")));
        }
        List<Item> chosen = ItemSelection.sample(items, 10, 7, "level");
        Map<String, Integer> perLevel = new TreeMap<>();
        chosen.forEach(it -> perLevel.merge(it.text("level"), 1, Integer::sum));
        assertEquals(Map.of("easy", 6, "medium", 3, "hard", 1), perLevel);

        List<Item> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(99));
        assertEquals(ids(chosen), ids(ItemSelection.sample(shuffled, 10, 7, "level")));
        assertEquals(false, ids(chosen).equals(ids(ItemSelection.sample(items, 10, 8, "level"))), "another seed, another sample");
    }

    @Test
    void shardsPartitionTheItemsDisjointlyAndCompletely() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            items.add(new Item(Integer.toString(i), Map.of()));
        }
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int s = 0; s < 4; s++) {
            List<Item> part = ItemSelection.shard(items, new RunIdentity.Shard(s, 4));
            total += part.size();
            seen.addAll(ids(part));
        }
        assertEquals(500, total);
        assertEquals(500, seen.size());
    }

    private static Set<String> ids(List<Item> items) {
        Set<String> s = new HashSet<>();
        items.forEach(i -> s.add(i.id()));
        return s;
    }
}
