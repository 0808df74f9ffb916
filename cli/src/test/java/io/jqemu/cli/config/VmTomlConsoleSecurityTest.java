package io.jqemu.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.ConsolePassword;
import io.jqemu.core.model.ConsoleSecurity;
import io.jqemu.core.model.ConsoleTls;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * vm.toml's console keys ({@code password_file}, {@code password_env}, {@code tls}, {@code websocket},
 * {@code insecure}) and {@code run_as}: read into the model, written back unchanged, and an open
 * console refused at its line with the field named.
 */
class VmTomlConsoleSecurityTest {

    private static Machine parse(String text) {
        return VmToml.parse("vm.toml", text, Variables.of(Map.of()));
    }

    private static InvalidConfigException invalid(String text) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> parse(text));
        assertThat(e).as("no problem reported for:\n" + text).isNotNull();
        return e;
    }

    @Test
    void consoleSecurityAndRunAsAreReadAndWrittenBack() {
        Machine m = parse("""
                name = "locked"
                run_as = "jqemu"
                [display]
                graphics = { type = "vnc", address = "0.0.0.0", display = 1, password_file = "/etc/jqemu/vnc.pw", \
                tls = { dir = "/etc/pki/qemu", verify_peer = true }, websocket = 5701 }
                """);

        assertThat(m.runAs()).contains("jqemu");
        assertThat(m.display().graphics()).isEqualTo(new Graphics.Vnc(ConsoleListener.tcp("0.0.0.0", 5901),
                ConsoleAuth.PASSWORD, new ConsoleSecurity(new ConsolePassword.FromFile("/etc/jqemu/vnc.pw"),
                Optional.of(new ConsoleTls("/etc/pki/qemu", true)), false),
                Optional.of(new ConsoleListener.Tcp("0.0.0.0", 5701))));
        assertThat(parse(VmTomlWriter.write(m))).isEqualTo(m);
    }

    @Test
    void anEnvironmentPasswordAWebsocketAddressAndInsecureAreReadAndWrittenBack() {
        Machine m = parse("""
                name = "open"
                [display]
                graphics = { type = "vnc", password_env = "VNC_PASSWORD", websocket = "[::1]:5702" }
                """);
        Machine open = parse("""
                name = "open"
                [display]
                graphics = { type = "spice", address = "0.0.0.0", port = 5930, auth = "none", insecure = true }
                """);

        Graphics.Vnc vnc = (Graphics.Vnc) m.display().graphics();
        assertThat(vnc.security().password()).isEqualTo(new ConsolePassword.FromEnvironment("VNC_PASSWORD"));
        assertThat(vnc.websocket()).contains(new ConsoleListener.Tcp("::1", 5702));
        assertThat(((Graphics.Spice) open.display().graphics()).security().insecure()).isTrue();
        assertThat(parse(VmTomlWriter.write(m))).isEqualTo(m);
        assertThat(parse(VmTomlWriter.write(open))).isEqualTo(open);
    }

    @Test
    void anOpenNetworkConsoleIsRefusedAtItsLine() {
        InvalidConfigException e = invalid("""
                name = "dsm"
                [display]
                graphics = { type = "spice", address = "0.0.0.0", port = 5900, auth = "none" }
                """);

        assertThat(e.problems()).singleElement().asString().startsWith("vm.toml:3:")
                .contains("display.graphics.auth", "not loopback", "insecure = true");
    }

    @Test
    void twoPasswordSourcesAndABadUserAreProblems() {
        assertThat(invalid("""
                name = "two"
                [display]
                graphics = { type = "vnc", password_file = "/p", password_env = "P" }
                """).problems()).singleElement().asString().contains("display.graphics.password_env", "exclude each other");
        assertThat(invalid("""
                name = "root"
                run_as = "root"
                """).problems()).singleElement().asString().startsWith("vm.toml:2:").contains("run_as");
    }
}
