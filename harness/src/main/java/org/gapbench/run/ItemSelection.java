package org.gapbench.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gapbench.dataset.Item;
import org.gapbench.io.Hashes;
import org.gapbench.results.RunIdentity;

/**
 * Which items a run covers. A limit takes a seeded sample, stratified by a field when one is given, that is the
 * same on every machine: items are ranked by a hash of (seed, id), not by a random generator or by thread timing.
 * Shards split the selected items by a hash of their id, so all samples of an item land in the same shard.
 */
final class ItemSelection {
    private ItemSelection() {
    }

    static List<Item> sample(List<Item> items, Integer limit, long seed, String stratifyBy) {
        if (limit == null || limit >= items.size()) {
            return items;
        }
        Map<String, List<Item>> strata = new LinkedHashMap<>();
        for (Item it : items) {
            String key = stratifyBy == null ? "" : it.text(stratifyBy);
            strata.computeIfAbsent(key, k -> new ArrayList<>()).add(it);
        }
        // Largest-remainder allocation of the limit across strata, proportional to their sizes.
        Map<String, Integer> quota = new LinkedHashMap<>();
        List<Map.Entry<String, Double>> remainders = new ArrayList<>();
        int allocated = 0;
        for (Map.Entry<String, List<Item>> e : strata.entrySet()) {
            double exact = (double) limit * e.getValue().size() / items.size();
            int q = (int) Math.floor(exact);
            quota.put(e.getKey(), q);
            allocated += q;
            remainders.add(Map.entry(e.getKey(), exact - q));
        }
        remainders.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        for (int i = 0; allocated < limit && i < remainders.size(); i++, allocated++) {
            quota.merge(remainders.get(i).getKey(), 1, Integer::sum);
        }
        Set<String> chosen = new HashSet<>();
        String seedText = Long.toString(seed);
        for (Map.Entry<String, List<Item>> e : strata.entrySet()) {
            // Each item's rank is hashed once: a comparator that hashed would do it twice per comparison, n log n times.
            e.getValue().stream()
                    .map(it -> Map.entry(Hashes.sha256(seedText, it.id()), it.id()))
                    .sorted(Map.Entry.comparingByKey())
                    .limit(quota.get(e.getKey()))
                    .forEach(ranked -> chosen.add(ranked.getValue()));
        }
        return items.stream().filter(it -> chosen.contains(it.id())).toList();
    }

    /** The items of shard {@code index} (0-based) of {@code count}. */
    static List<Item> shard(List<Item> items, RunIdentity.Shard shard) {
        if (shard.count() == 1) {
            return items;
        }
        return items.stream().filter(it -> shardOf(it.id(), shard.count()) == shard.index()).toList();
    }

    static int shardOf(String itemId, int count) {
        String h = Hashes.sha256(itemId);
        return (int) Long.remainderUnsigned(Long.parseUnsignedLong(h.substring(0, 15), 16), count);
    }
}
