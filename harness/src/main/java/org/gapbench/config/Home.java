package org.gapbench.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the project's own files live ({@code suites/}, {@code datasets/}, {@code reports/}): the
 * {@code gapbench.home} system property, else {@code $GAPBENCH_HOME}, else the working directory.
 */
public record Home(Path root) {

    public static Home resolve() {
        String prop = System.getProperty("gapbench.home");
        if (prop != null && !prop.isBlank()) {
            return new Home(Path.of(prop).toAbsolutePath().normalize());
        }
        String env = System.getenv("GAPBENCH_HOME");
        if (env != null && !env.isBlank()) {
            return new Home(Path.of(env).toAbsolutePath().normalize());
        }
        return new Home(Path.of("").toAbsolutePath());
    }

    public Path suites() {
        return root.resolve("suites");
    }

    public Path datasets() {
        return root.resolve("datasets");
    }

    public Path catalog() {
        return datasets().resolve("models.csv");
    }

    public Path reports() {
        return root.resolve("reports");
    }

    /** The harness version from the build. */
    public static String harnessVersion() {
        try (InputStream in = Home.class.getResourceAsStream("/org/gapbench/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    /** The commit of the checkout the harness runs from, read from {@code .git} without running git; null if none. */
    public String gitCommit() {
        Path git = root.resolve(".git");
        try {
            if (!Files.isDirectory(git)) {
                return null;
            }
            String head = Files.readString(git.resolve("HEAD")).trim();
            if (!head.startsWith("ref: ")) {
                return head;
            }
            String ref = head.substring(5);
            Path loose = git.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return Files.readString(loose).trim();
            }
            Path packed = git.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed)) {
                    if (line.endsWith(" " + ref)) {
                        return line.substring(0, line.indexOf(' '));
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
