package org.gapbench.bench;

import org.gapbench.cli.Extension;

/** Adds {@code gapbench bench} to the command line when this module is on the class path (the launcher puts it there). */
public final class BenchExtension implements Extension {
    @Override
    public Object command() {
        return new BenchCommand();
    }
}
