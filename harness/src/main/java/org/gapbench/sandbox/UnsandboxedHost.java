package org.gapbench.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs jobs directly on the host, for people who already run the harness inside a container of their own
 * ({@code --unsafe-no-sandbox}). It still clears the environment and applies the rlimits, but offers no
 * isolation: the program sees the network and the host's files, and a detached child may outlive it.
 */
final class UnsandboxedHost implements Sandbox {
    private final String prlimit;

    /** @param applyLimits false only to measure a bare process (see {@link Sandbox#bareProcess}) */
    UnsandboxedHost(boolean applyLimits) {
        this.prlimit = applyLimits ? BubblewrapSandbox.onPath("prlimit") : null;
    }

    @Override
    public Execution run(Job job) {
        try (BoxDirectory box = BoxDirectory.create(job.files())) {
            String dir = box.path().toString();
            List<String> c = new ArrayList<>();
            if (prlimit != null) {
                Limits l = job.limits();
                c.addAll(List.of(prlimit, "--cpu=" + l.cpuSeconds(), "--as=" + l.memoryBytes(), "--fsize=" + l.fileBytes(), "--core=0", "--"));
            }
            for (String arg : job.command()) {
                c.add(arg.equals(Job.BOX) || arg.startsWith(Job.BOX + "/") ? dir + arg.substring(Job.BOX.length()) : arg);
            }
            return ProcessRunner.run(c, box.path(), Map.of("PATH", "/usr/bin:/bin", "HOME", dir, "LANG", "C.UTF-8"), job.stdin(), job.limits());
        }
    }

    @Override
    public String describe() {
        return "none (--unsafe-no-sandbox)";
    }
}
