package io.jqemu.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.core.Violation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A console open to the network without a password is refused unless {@code insecure} says so; password
 * sources, TLS and the WebSocket listener are checked with their vm.toml field named; so is run_as.
 */
class ConsoleSecurityValidationTest {

    private static List<Violation> violations(Graphics graphics) {
        return Machine.builder().name("vm").display(new Display(graphics, Optional.empty())).buildUnchecked().violations();
    }

    private static Graphics.Vnc vncOn(String address) {
        return new Graphics.Vnc(ConsoleListener.tcp(address, 5901), ConsoleAuth.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "192.168.1.10", "::", "nas.example"})
    void noPasswordOffLoopbackIsRefusedAtAuth(String address) {
        assertThat(violations(vncOn(address))).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("display.graphics.auth");
            assertThat(v.message()).contains("'" + address + "'", "not loopback", "insecure = true");
        });
        assertThat(violations(new Graphics.Spice(ConsoleListener.tcp(address, 5930), ConsoleAuth.NONE)))
                .extracting(Violation::path).containsExactly("display.graphics.auth");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "localhost"})
    void noPasswordOnLoopbackIsAllowed(String address) {
        assertThat(violations(vncOn(address))).isEmpty();
    }

    @Test
    void insecureAllowsAnOpenListenerAndAPasswordNeedsNoOptIn() {
        assertThat(violations(vncOn("0.0.0.0").withSecurity(ConsoleSecurity.DEFAULT.withInsecure(true)))).isEmpty();
        assertThat(violations(Graphics.vnc("0.0.0.0", 1))).isEmpty();
        assertThat(violations(Graphics.spice("0.0.0.0", 5930))).isEmpty();
    }

    @Test
    void anOpenWebsocketWithoutAPasswordIsRefusedThere() {
        Graphics.Vnc vnc = new Graphics.Vnc(ConsoleListener.privateSocket(), ConsoleAuth.NONE).withWebsocket("0.0.0.0", 5700);
        assertThat(violations(vnc)).extracting(Violation::path).containsExactly("display.graphics.websocket");
        assertThat(violations(vnc.withAuth(ConsoleAuth.PASSWORD))).isEmpty();
        assertThat(violations(Graphics.vnc().withWebsocket("127.0.0.1", 0))).extracting(Violation::path)
                .containsExactly("display.graphics.websocket");
    }

    @Test
    void passwordSourcesAreCheckedAndNeedAuth() {
        ConsoleSecurity relative = ConsoleSecurity.DEFAULT.withPassword(new ConsolePassword.FromFile("vnc.pw"));
        assertThat(violations(Graphics.vnc().withSecurity(relative))).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("display.graphics.password_file");
            assertThat(v.message()).contains("'vnc.pw' is not an absolute path");
        });
        ConsoleSecurity badName = ConsoleSecurity.DEFAULT.withPassword(new ConsolePassword.FromEnvironment("VNC-PW"));
        assertThat(violations(Graphics.vnc().withSecurity(badName))).extracting(Violation::path)
                .containsExactly("display.graphics.password_env");
        ConsoleSecurity file = ConsoleSecurity.DEFAULT.withPassword(new ConsolePassword.FromFile("/etc/jqemu/vnc.pw"));
        assertThat(violations(Graphics.vnc().withSecurity(file))).isEmpty();
        assertThat(violations(Graphics.vnc().withAuth(ConsoleAuth.NONE).withSecurity(file))).singleElement()
                .satisfies(v -> assertThat(v.toString()).contains("display.graphics.password_file", "auth = \"none\""));
    }

    @Test
    void tlsNeedsATcpListenerAnAbsoluteDirAndVerifyPeerOnlyForVnc() {
        ConsoleSecurity tls = ConsoleSecurity.DEFAULT.withTls(new ConsoleTls("/etc/pki/qemu", true));
        assertThat(violations(Graphics.vnc("0.0.0.0", 0).withSecurity(tls))).isEmpty();
        assertThat(violations(Graphics.vnc().withSecurity(tls))).extracting(Violation::path)
                .containsExactly("display.graphics.tls");
        assertThat(violations(Graphics.spice("0.0.0.0", 5930).withSecurity(tls))).extracting(Violation::path)
                .containsExactly("display.graphics.tls.verify_peer");
        ConsoleSecurity relative = ConsoleSecurity.DEFAULT.withTls(new ConsoleTls("pki", false));
        assertThat(violations(Graphics.spice("0.0.0.0", 5930).withSecurity(relative))).extracting(Violation::path)
                .containsExactly("display.graphics.tls.dir");
    }

    @ParameterizedTest
    @ValueSource(strings = {"root", "Jqemu", "1user", "a b", "-x", ""})
    void runAsMustBeAnUnprivilegedUserName(String user) {
        assertThat(Machine.builder().name("vm").runAs(user).buildUnchecked().violations()).extracting(Violation::path)
                .containsExactly("runAs");
        assertThat(Machine.builder().name("vm").runAs("jqemu").buildUnchecked().violations()).isEmpty();
    }
}
