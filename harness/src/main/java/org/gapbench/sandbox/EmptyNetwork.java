package org.gapbench.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An empty network namespace (only a loopback interface, left down), made ahead of time for the executions of one
 * sandbox uid, which run one after another: no two executions running at the same time share one. Creating a network
 * namespace per execution and its asynchronous teardown in the kernel cost 5–15 ms per execution (docs/sandbox.md
 * §"Cost of the sandbox"); joining an existing one with {@code nsenter} costs an exec that replaces {@code setpriv}.
 * Nothing of one execution stays in it for the next: every socket closes with its processes, which die with their
 * pid namespace.
 *
 * <p>The namespace is held by {@code unshare --net cat}, whose stdin is a pipe from this JVM: when the JVM exits,
 * for any reason, the pipe closes, {@code cat} exits and the kernel frees the namespace; a shutdown hook also kills
 * it. A holder that died is replaced before the next execution. Only root can join it (that is how the sandbox
 * chain starts when the harness runs as root).
 */
final class EmptyNetwork {
    private final String unshare;
    private Process holder;
    private Path namespace;

    EmptyNetwork(String unshare) {
        this.unshare = unshare;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "sandbox-netns-teardown"));
    }

    /**
     * The {@code /proc/<pid>/ns/net} path of the live holder, checked to be another namespace than the harness's
     * own (so a holder that failed to unshare can never hand out the host's network).
     */
    synchronized Path path() {
        if (holder == null || !holder.isAlive()) {
            start();
        }
        return namespace;
    }

    private void start() {
        try {
            Process p = new ProcessBuilder(unshare, "--net", "/usr/bin/cat").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Path ns = Path.of("/proc", Long.toString(p.pid()), "ns", "net");
            // unshare execs cat in the same process once the namespace exists: wait until the pid runs cat
            Path exe = Path.of("/proc", Long.toString(p.pid()), "exe");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (p.isAlive() && !Files.readSymbolicLink(exe).toString().equals("/usr/bin/cat") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Object host = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
            if (!p.isAlive() || Files.readSymbolicLink(ns).equals(host)) {
                p.destroyForcibly();
                throw new SandboxException("cannot create the sandboxes' empty network namespace with " + unshare + " --net");
            }
            holder = p;
            namespace = ns;
        } catch (IOException e) {
            throw new SandboxException("cannot create the sandboxes' empty network namespace: " + e.getMessage(), e);
        }
    }

    synchronized void close() {
        if (holder != null) {
            holder.destroyForcibly();
            holder = null;
        }
    }
}
