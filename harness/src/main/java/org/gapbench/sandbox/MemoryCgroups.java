package org.gapbench.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One memory cgroup per execution, so that everything the execution holds — all its processes, and the pages of its
 * tmpfs ({@code /work}, {@code /tmp}, {@code /dev/shm}), which the kernel charges to the cgroup that touched them — is
 * bounded as a whole. Per-process limits cannot do that: six forked children under a 512 MiB address-space limit
 * each reached 2.5 GB. At the limit the kernel's OOM killer ends the execution inside its own cgroup, and the host
 * and the executions beside it are untouched.
 *
 * <p>Works with cgroup v2 where this process's cgroup delegates the memory controller to its children, and with the
 * v1 memory hierarchy (as root on most container hosts); {@link #detect} returns null where neither can be written,
 * and the sandbox then bounds each process only (said in its description).
 */
final class MemoryCgroups {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path parent;
    private final boolean v2;

    private MemoryCgroups(Path parent, boolean v2) {
        this.parent = parent;
        this.v2 = v2;
    }

    /** The memory cgroups this process may create children in, or null when it may not. */
    static MemoryCgroups detect() {
        try {
            List<String> own = Files.readAllLines(Path.of("/proc/self/cgroup"));
            for (String line : own) {
                String[] f = line.split(":", 3);
                if (f.length == 3 && List.of(f[1].split(",")).contains("memory")) {
                    MemoryCgroups v1 = usable(mountOf("cgroup", "memory"), f[2], false);
                    if (v1 != null) {
                        return v1;
                    }
                }
            }
            for (String line : own) {
                if (line.startsWith("0::")) {
                    Path mount = mountOf("cgroup2", null);
                    if (mount != null && Files.readString(mount.resolve(relative(line.substring(3))).resolve("cgroup.subtree_control"))
                            .contains("memory")) {
                        return usable(mount, line.substring(3), true);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc, no cgroup file system, or nothing we may write: per-process limits only
        }
        return null;
    }

    private static MemoryCgroups usable(Path mount, String own, boolean v2) {
        if (mount == null) {
            return null;
        }
        MemoryCgroups c = new MemoryCgroups(mount.resolve(relative(own)), v2);
        try (Group probe = c.create(64 * Limits.MIB)) {
            c.sweep();
            return c;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Removes the empty cgroups of gapbench processes that are gone (one killed with kill -9 cannot remove its own). */
    private void sweep() throws IOException {
        try (var dirs = Files.list(parent)) {
            dirs.filter(d -> d.getFileName().toString().matches("gapbench-\\d+-\\d+")).forEach(d -> {
                long pid = Long.parseLong(d.getFileName().toString().split("-")[1]);
                if (ProcessHandle.of(pid).isEmpty()) {
                    new Group(d).close();
                }
            });
        }
    }

    private static String relative(String cgroupPath) {
        return cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
    }

    /** Where a cgroup file system of {@code type} is mounted ({@code option}: a v1 controller it carries), or null. */
    private static Path mountOf(String type, String option) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] before = line.substring(0, dash).split(" ");
            String[] after = line.substring(dash + 3).split(" ");
            if (after.length >= 3 && after[0].equals(type) && (option == null || List.of(after[2].split(",")).contains(option))
                    && before.length > 4 && before[3].equals("/")) {
                return Path.of(before[4]);
            }
        }
        return null;
    }

    /** A fresh cgroup limited to {@code limitBytes} of memory and no swap. */
    Group create(long limitBytes) throws IOException {
        Path dir = parent.resolve("gapbench-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet());
        Files.createDirectory(dir);
        Group g = new Group(dir);
        try {
            if (v2) {
                write(dir.resolve("memory.max"), limitBytes);
                if (Files.exists(dir.resolve("memory.swap.max"))) {
                    write(dir.resolve("memory.swap.max"), 0);
                }
            } else {
                write(dir.resolve("memory.limit_in_bytes"), limitBytes);
                writeIfAccounted(dir.resolve("memory.memsw.limit_in_bytes"), limitBytes); // memory + swap: no swap
            }
        } catch (IOException e) {
            g.close();
            throw e;
        }
        return g;
    }

    /** {@code cgroup v1 memory} or {@code cgroup v2}, for the sandbox's description. */
    String describe() {
        return v2 ? "cgroup v2" : "cgroup v1 memory";
    }

    private static void write(Path file, long value) throws IOException {
        Files.writeString(file, Long.toString(value), StandardCharsets.US_ASCII);
    }

    private static void writeIfAccounted(Path file, long value) {
        try {
            write(file, value);
        } catch (IOException e) {
            // swap accounting is off (or there is no swap): memory.limit_in_bytes alone is the bound
        }
    }

    /** The cgroup of one execution: joined by the first process of its command, removed once it is empty. */
    final class Group implements AutoCloseable {
        private final Path dir;

        private Group(Path dir) {
            this.dir = dir;
        }

        /** The file the execution's first process writes its pid to, which moves it (and all it forks) in. */
        String procsFile() {
            return dir.resolve("cgroup.procs").toString();
        }

        /** Whether the kernel killed a process of this cgroup for passing its limit. */
        boolean oomKilled() {
            return counter(v2 ? "memory.events" : "memory.oom_control", "oom_kill") > 0;
        }

        /** The most memory the execution held at once, processes and tmpfs pages together; -1 when not kept. */
        long peakBytes() {
            Path f = dir.resolve(v2 ? "memory.peak" : "memory.max_usage_in_bytes");
            try {
                return Long.parseLong(Files.readString(f).strip());
            } catch (IOException | NumberFormatException e) {
                return -1;
            }
        }

        private long counter(String file, String key) {
            try {
                for (String line : Files.readAllLines(dir.resolve(file))) {
                    if (line.startsWith(key + " ")) {
                        return Long.parseLong(line.substring(key.length() + 1).strip());
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // not kept by this kernel
            }
            return 0;
        }

        /**
         * Removes the cgroup. Its last processes may still be exiting when the job returns (the kernel reaps a pid
         * namespace asynchronously), so removal is tried for up to a second before it is left to the next sweep.
         */
        @Override
        public void close() {
            for (int i = 0; i < 100; i++) {
                try {
                    Files.deleteIfExists(dir);
                    return;
                } catch (IOException busy) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
