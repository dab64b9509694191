package org.timescalelab.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The application's version, from the build. Stateless and thread-safe. */
public final class AppInfo {

    private AppInfo() {
    }

    /** The project version written into version.properties by the build ("dev" when absent). */
    public static String version() {
        try (InputStream in = AppInfo.class.getResourceAsStream("/org/timescalelab/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
