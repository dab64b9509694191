package org.timescalelab.ui;

import org.timescalelab.config.AppInfo;

/** Help → About: the version and the licences of what the application is built on. */
final class About {

    private About() {
    }

    static String text() {
        return "Timescale Lab " + AppInfo.version() + "\n\n"
                + "Watch a gated recurrent network learn while the dynamical theory of its learning unfolds: "
                + "effective learning rates, the envelope f(ℓ), the time-scale spectrum p(τ) and the learnability "
                + "window H_N.\n\nJava " + System.getProperty("java.version") + ", JavaFX "
                + System.getProperty("javafx.runtime.version", "21") + "\n\n"
                + "Built on:\n"
                + "  OpenJFX 21 — GPL v2 with the Classpath Exception\n"
                + "  ND4J 1.0.0-M2.1 (Eclipse Deeplearning4j) — Apache License 2.0\n"
                + "  JavaCPP 1.5.7 — Apache License 2.0 / GPL v2 with Classpath Exception\n"
                + "  OpenBLAS 0.3.19 — BSD 3-Clause\n"
                + "  Apache Commons Math 3.6.1, Commons RNG 1.6, Commons CSV 1.14 — Apache License 2.0\n"
                + "  JFreeChart 1.5.6 (the report figures) — GNU LGPL 2.1\n"
                + "  Jackson 2.21 — Apache License 2.0\n"
                + "  picocli 4.7 — Apache License 2.0\n"
                + "  SLF4J 2.0 — MIT License\n";
    }
}
