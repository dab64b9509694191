package org.timescalelab.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.timescalelab.config.AppInfo;
import org.timescalelab.config.ConfigLoader;
import org.timescalelab.config.FileReads;

/**
 * Where the desktop app keeps the user's data — never inside the installation — and the
 * preferences it remembers between sessions.
 *
 * <p>Folders: Linux {@code $XDG_CONFIG_HOME/timescale-lab} (default {@code ~/.config}) for the
 * preferences and {@code $XDG_DATA_HOME/timescale-lab} (default {@code ~/.local/share}) for saved
 * runs; Windows {@code %APPDATA%\Timescale Lab} and {@code %LOCALAPPDATA%\Timescale Lab}; macOS
 * {@code ~/Library/Application Support/Timescale Lab} for both. {@code TIMESCALE_LAB_HOME}, when
 * set, replaces both (a portable install, and the tests).
 */
public final class UserData {

    private static final String FILE = "preferences.json";

    /**
     * What the app remembers: the last preset, classroom mode, the window's place and size.
     *
     * @param preset    last preset shown (null: none)
     * @param classroom classroom mode on
     * @param x         window left edge (null: let the system place the window)
     * @param y         window top edge (null with x)
     * @param width     window width
     * @param height    window height
     * @param maximized whether the window was maximised
     */
    public record Preferences(String preset, boolean classroom, Double x, Double y, double width, double height,
                              boolean maximized) {

        /** First start: the demo preset in a 1600 × 900 window placed by the system. */
        public static Preferences defaults() {
            return new Preferences("demo", false, null, null, 1600, 900, false);
        }
    }

    private final Path config;
    private final Path data;

    private UserData(Path config, Path data) {
        this.config = config;
        this.data = data;
    }

    /** The folders of this platform, from the process's environment. */
    public static UserData forPlatform() {
        return of(System.getenv(), System.getProperty("os.name", ""), Path.of(System.getProperty("user.home", ".")));
    }

    /** The folders for an environment, OS name and home folder. */
    static UserData of(Map<String, String> env, String osName, Path home) {
        String override = env.get("TIMESCALE_LAB_HOME");
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return new UserData(p, p);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            Path roaming = env.containsKey("APPDATA") ? Path.of(env.get("APPDATA")) : home.resolve("AppData/Roaming");
            Path local = env.containsKey("LOCALAPPDATA") ? Path.of(env.get("LOCALAPPDATA")) : home.resolve("AppData/Local");
            return new UserData(roaming.resolve("Timescale Lab"), local.resolve("Timescale Lab"));
        }
        if (os.startsWith("mac")) {
            Path p = home.resolve("Library/Application Support/Timescale Lab");
            return new UserData(p, p);
        }
        Path xdgConfig = xdg(env, "XDG_CONFIG_HOME", home.resolve(".config"));
        Path xdgData = xdg(env, "XDG_DATA_HOME", home.resolve(".local/share"));
        return new UserData(xdgConfig.resolve("timescale-lab"), xdgData.resolve("timescale-lab"));
    }

    /** An XDG base directory: the variable if set to an absolute path (the spec ignores others), else the default. */
    private static Path xdg(Map<String, String> env, String name, Path fallback) {
        String v = env.get(name);
        return v != null && Path.of(v).isAbsolute() ? Path.of(v) : fallback;
    }

    /** Folder of the preferences. */
    public Path configDir() {
        return config;
    }

    /** Folder of saved runs (the Save run… dialog starts here). */
    public Path logDir() {
        return data.resolve("logs");
    }

    /**
     * Writes a failure's stack trace to a new file under {@link #logDir()} for a bug report and
     * returns its path (null when it cannot be written).
     */
    public Path writeFailureLog(Throwable failure) {
        try {
            java.io.StringWriter text = new java.io.StringWriter();
            failure.printStackTrace(new java.io.PrintWriter(text));
            Path file = logDir().resolve("failure-" + java.time.LocalDateTime.now().toString().replace(':', '-') + ".log");
            AtomicFiles.write(file, "Timescale Lab " + AppInfo.version() + ", Java " + System.getProperty("java.version")
                    + "\n" + text);
            return file;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The folder of the app's own runs (under the user's data folder). */
    public Path runsDir() {
        return data.resolve("runs");
    }

    /** The saved preferences, or the defaults when there are none or they cannot be read. */
    public Preferences load() {
        Path f = config.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Preferences.defaults();
        }
        try {
            Preferences p = ConfigLoader.MAPPER.readValue(FileReads.text(f, FileReads.JSON), Preferences.class);
            return p.width() > 0 && p.height() > 0 ? p : Preferences.defaults();
        } catch (IOException | RuntimeException e) {
            return Preferences.defaults();
        }
    }

    /** Writes the preferences atomically, creating the folder. */
    public void save(Preferences p) throws IOException {
        Files.createDirectories(config);
        AtomicFiles.write(config.resolve(FILE), ConfigLoader.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(p)
                .getBytes(StandardCharsets.UTF_8));
    }
}
