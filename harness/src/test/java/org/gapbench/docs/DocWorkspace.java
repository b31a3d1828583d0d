package org.gapbench.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gapbench.config.Home;

/**
 * A checkout-like directory in which a documentation script runs as written: {@code ./gapbench} there starts this
 * build's classes (as the launcher starts the jar, without rebuilding it), and scripts run under bash with the
 * environment a CI system would give them.
 */
final class DocWorkspace {
    private static final Pattern MARKER = Pattern.compile("<!-- ci-doc-test: ([a-z0-9-]+) -->\\s*\\n```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);

    record Result(int exit, String output) {
    }

    final Path dir;
    private final Map<String, String> env = new LinkedHashMap<>();

    DocWorkspace(Path dir, Path dataMirror) throws IOException {
        this.dir = dir;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path launcher = dir.resolve("gapbench");
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '"
                + System.getProperty("java.class.path") + "' org.gapbench.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("GAPBENCH_HOME", Home.resolve().root().toAbsolutePath().toString());
        env.put("GAPBENCH_DATA", dataMirror.toAbsolutePath().toString());
        // Keeps the response cache and pulled data inside the workspace, away from the user's home.
        env.put("XDG_CACHE_HOME", dir.resolve(".cache").toString());
    }

    /** The marked code blocks of a Markdown file, by marker name. */
    static Map<String, String> blocks(Path markdown) throws IOException {
        Map<String, String> out = new HashMap<>();
        Matcher m = MARKER.matcher(Files.readString(markdown));
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    DocWorkspace env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs {@code script} with {@code bash -e} (as GitHub Actions and GitLab do) in the workspace. */
    Result bash(String script, Map<String, String> extraEnv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        for (String inherited : List.of("GAPBENCH_SHARD_INDEX", "GAPBENCH_SHARD_COUNT", "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID",
                "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "GITHUB_STEP_SUMMARY", "OPENAI_API_KEY")) {
            e.remove(inherited);
        }
        e.putAll(env);
        e.putAll(extraEnv);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        return new Result(p.waitFor(), new String(out, StandardCharsets.UTF_8));
    }
}
