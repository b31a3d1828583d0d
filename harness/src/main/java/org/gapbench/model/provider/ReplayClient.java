package org.gapbench.model.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.config.ConfigException;
import org.gapbench.dataset.DataStore;
import org.gapbench.dataset.DatasetManifest;
import org.gapbench.dataset.DatasetReader;
import org.gapbench.dataset.Item;
import org.gapbench.dataset.ManifestLoader;
import org.gapbench.io.JsonLines;
import org.gapbench.model.ChatClient;
import org.gapbench.model.ErrorClass;
import org.gapbench.model.Message;
import org.gapbench.model.ModelCallException;
import org.gapbench.model.ModelRequest;
import org.gapbench.model.ModelResponse;
import org.gapbench.model.Reasoning;

/**
 * Answers from recorded outputs, in one of two layouts:
 * <ul>
 * <li>a JSONL (or .jsonl.gz) file with one record per item, holding an id ({@code id} or {@code item}) and the output
 * ({@code response}, {@code output} as text or as a list whose first element is used, or {@code completion}), plus
 * optional {@code reasoning}. Records whose id ends in a number ({@code gsm8k-main-test-#12}) also answer for that
 * 0-based index, so files from other harnesses line up with datasets whose ids are line indices;</li>
 * <li>a recording manifest ({@code .yaml}): a dataset manifest over a publisher's own result files, named by sha256,
 * whose field mapping gives each record the suite's item {@code id} and its {@code response} (and optional
 * {@code reasoning}). Third-party recordings are read as published, never converted into a copy.</li>
 * </ul>
 * A conversation of several turns is answered turn by turn: a manifest maps the later turns' answers to
 * {@code response_turn2}, {@code response_turn3}, ...; a JSONL record gives them as a list {@code turns}. The request's
 * count of user messages says which turn is asked. An item (or a turn) with no recording is an error
 * ({@code no_recording}), not a wrong answer.
 */
final class ReplayClient implements ChatClient {
    private static final Pattern TRAILING_INDEX = Pattern.compile("(\\d+)$");
    private final Map<String, Recorded> byId = new HashMap<>();
    private final Map<String, Recorded> byIndex = new HashMap<>();

    /** What was recorded for one item: the answer to each user turn, and the reasoning of the first. */
    private record Recorded(List<String> turns, String reasoning) {
    }

    ReplayClient(Path file, DataStore recordings) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("replay file not found: " + file);
        }
        if (isManifest(file)) {
            readManifest(file, recordings);
        } else {
            readJsonLines(file);
        }
    }

    /** Whether {@code file} is a recording manifest rather than a JSONL recording. */
    static boolean isManifest(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /**
     * The recording manifest {@code file}, checked: it maps {@code response}, and every file it names is found in
     * {@code recordings} with its sha256. A mistake is a {@code file:line} error, before any item is asked.
     */
    static DatasetManifest checkManifest(Path file, DataStore recordings) {
        DatasetManifest m = ManifestLoader.load(file);
        if (!m.fields().containsKey("response")) {
            throw new ConfigException(file, 1, "a recording manifest maps each record's 'response' (and 'id', optionally 'reasoning')");
        }
        if (recordings == null) {
            throw new ConfigException(file, 1, "a recording manifest needs the data directories to find its files in");
        }
        m.files().forEach(f -> recordings.resolve(m, f));
        return m;
    }

    private void readManifest(Path file, DataStore recordings) {
        for (Item item : new DatasetReader(recordings).read(checkManifest(file, recordings), null)) {
            String reasoning = item.has("reasoning") ? item.text("reasoning") : null;
            List<String> turns = new ArrayList<>(List.of(item.text("response")));
            for (int t = 2; item.has("response_turn" + t) && !item.text("response_turn" + t).isEmpty(); t++) {
                turns.add(item.text("response_turn" + t));
            }
            byId.put(item.id(), new Recorded(turns, reasoning == null || reasoning.isEmpty() ? null : reasoning));
        }
    }

    private void readJsonLines(Path file) {
        JsonLines.forEach(file, (lineNo, n) -> {
            String id = n.hasNonNull("id") ? n.get("id").asText() : n.path("item").asText(null);
            if (id == null) {
                throw new ConfigException(file, lineNo, "record has no 'id' or 'item'");
            }
            List<String> turns = new ArrayList<>();
            if (n.path("turns").isArray() && !n.get("turns").isEmpty()) {
                n.get("turns").forEach(t -> turns.add(t.asText()));
            } else {
                turns.add(output(n));
            }
            Recorded answer = new Recorded(turns, n.hasNonNull("reasoning") ? n.get("reasoning").asText() : null);
            byId.put(id, answer);
            Matcher m = TRAILING_INDEX.matcher(id);
            if (m.find()) {
                byIndex.put(m.group(1).replaceFirst("^0+(?=\\d)", ""), answer); // any length of digits: no number to overflow
            }
        });
    }

    private static String output(JsonNode n) {
        for (String key : List.of("response", "output", "completion")) {
            JsonNode v = n.get(key);
            if (v != null && !v.isNull()) {
                return v.isArray() ? (v.isEmpty() ? "" : v.get(0).asText()) : v.asText();
            }
        }
        return "";
    }

    @Override
    public ModelResponse complete(ModelRequest request) throws ModelCallException {
        String id = request.item().id();
        Recorded a = byId.get(id);
        if (a == null) {
            a = byIndex.get(id);
        }
        if (a == null) {
            throw new ModelCallException(ErrorClass.NO_RECORDING, "no recorded output for item " + id);
        }
        int turn = (int) request.messages().stream().filter(m -> m.role() == Message.Role.USER).count();
        if (turn > a.turns().size()) {
            throw new ModelCallException(ErrorClass.NO_RECORDING, "no recorded output for turn " + turn + " of item " + id);
        }
        String[] split = Reasoning.split(a.turns().get(Math.max(turn, 1) - 1), turn <= 1 ? a.reasoning() : null);
        return new ModelResponse(split[0], split[1], -1, -1, -1, "stop", null);
    }

    @Override
    public boolean local() {
        return true;
    }
}
