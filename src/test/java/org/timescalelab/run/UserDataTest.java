package org.timescalelab.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User-data folders per platform and the preferences file. */
class UserDataTest {

    private static final Path HOME = Path.of("/home/ada");

    @Test
    void foldersFollowEachPlatformsConvention() {
        UserData linux = UserData.of(Map.of(), "Linux", HOME);
        assertThat(linux.configDir()).isEqualTo(Path.of("/home/ada/.config/timescale-lab"));
        assertThat(linux.runsDir()).isEqualTo(Path.of("/home/ada/.local/share/timescale-lab/runs"));
        UserData xdg = UserData.of(Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "relative/ignored"), "Linux", HOME);
        assertThat(xdg.configDir()).isEqualTo(Path.of("/cfg/timescale-lab"));
        assertThat(xdg.runsDir()).isEqualTo(Path.of("/home/ada/.local/share/timescale-lab/runs"));
        UserData mac = UserData.of(Map.of(), "Mac OS X", HOME);
        assertThat(mac.configDir()).isEqualTo(Path.of("/home/ada/Library/Application Support/Timescale Lab"));
        UserData windows = UserData.of(Map.of("APPDATA", "/r", "LOCALAPPDATA", "/l"), "Windows 11", HOME);
        assertThat(windows.configDir()).isEqualTo(Path.of("/r/Timescale Lab"));
        assertThat(windows.runsDir()).isEqualTo(Path.of("/l/Timescale Lab/runs"));
        UserData portable = UserData.of(Map.of("TIMESCALE_LAB_HOME", "/p", "XDG_CONFIG_HOME", "/cfg"), "Linux", HOME);
        assertThat(portable.configDir()).isEqualTo(Path.of("/p"));
    }

    @Test
    void preferencesRoundTripAndBadFilesFallBackToDefaults(@TempDir Path tmp) throws Exception {
        UserData u = UserData.of(Map.of("TIMESCALE_LAB_HOME", tmp.resolve("home").toString()), "Linux", HOME);
        assertThat(u.load()).isEqualTo(UserData.Preferences.defaults());
        UserData.Preferences p = new UserData.Preferences("collapse", true, 10.0, 20.0, 1280, 720, false);
        u.save(p);
        assertThat(u.load()).isEqualTo(p);
        Files.writeString(u.configDir().resolve("preferences.json"), "{ not json");
        assertThat(u.load()).isEqualTo(UserData.Preferences.defaults());
    }
}
