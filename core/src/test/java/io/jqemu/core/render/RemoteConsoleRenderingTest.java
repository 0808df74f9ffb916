package io.jqemu.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jqemu.core.InvalidMachineException;
import io.jqemu.core.Violation;
import io.jqemu.core.model.ConsoleAuth;
import io.jqemu.core.model.ConsoleListener;
import io.jqemu.core.model.ConsolePassword;
import io.jqemu.core.model.ConsoleSecurity;
import io.jqemu.core.model.ConsoleTls;
import io.jqemu.core.model.Display;
import io.jqemu.core.model.Graphics;
import io.jqemu.core.model.Machine;
import io.jqemu.core.model.MachineBuilder;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.PortForward;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Remote consoles are private by default (a unix socket in the runtime directory, a password for
 * every listener) and open only on an explicit {@link ConsoleAuth#NONE}; user-mode forwards default
 * to loopback.
 */
class RemoteConsoleRenderingTest {
    private static final RenderContext CTX = RenderContext.builder().runtimeDir("/run/jqemu/vm").build();

    private static Machine with(Graphics graphics) {
        return Machine.builder().name("vm").display(new Display(graphics, Optional.empty())).build();
    }

    private static List<String> argv(Graphics graphics) {
        return MachineRenderer.render(with(graphics), CTX).argv();
    }

    private static String after(List<String> argv, String option) {
        return argv.get(argv.indexOf(option) + 1);
    }

    @Test
    void defaultVncIsAPasswordProtectedSocketInTheRuntimeDirectory() {
        RenderedMachine r = MachineRenderer.render(with(Graphics.vnc()), CTX);
        assertThat(after(r.argv(), "-vnc")).isEqualTo("vnc=unix:/run/jqemu/vm/vnc.sock,password=on");
        assertThat(r.hostResources()).contains(new HostResource.ListeningSocket("/run/jqemu/vm/vnc.sock",
                "display.graphics.socket"));
        assertThat(RemoteConsole.of(with(Graphics.vnc()), CTX)).contains(new RemoteConsole("vnc",
                "vnc+unix:///run/jqemu/vm/vnc.sock", Optional.of("/run/jqemu/vm/vnc.sock"), true));
    }

    @Test
    void tcpConsolesAskForAPassword() {
        assertThat(after(argv(Graphics.vnc("127.0.0.1", 2)), "-vnc")).isEqualTo("vnc=127.0.0.1:2,password=on");
        assertThat(after(argv(Graphics.vnc("::1", 3)), "-vnc")).isEqualTo("vnc=[::1]:3,password=on");
        assertThat(after(argv(Graphics.spice("0.0.0.0", 5930)), "-spice")).isEqualTo("port=5930,addr=0.0.0.0");
        assertThat(RemoteConsole.of(with(Graphics.spice("::1", 5930)), CTX)).contains(new RemoteConsole("spice",
                "spice://[::1]:5930", Optional.empty(), true));
        assertThat(RemoteConsole.of(with(Graphics.vnc("127.0.0.1", 2)), CTX).orElseThrow().address())
                .isEqualTo("vnc://127.0.0.1:5902");
    }

    @Test
    void spiceDisablesTicketingOnlyOnAnExplicitOptOut() {
        assertThat(String.join(" ", argv(Graphics.spice()))).doesNotContain("disable-ticketing");
        assertThat(after(argv(Graphics.spice()), "-spice")).isEqualTo("unix=on,addr=/run/jqemu/vm/spice.sock");
        assertThat(after(argv(Graphics.spice("127.0.0.1", 5900).withAuth(ConsoleAuth.NONE)), "-spice"))
                .isEqualTo("port=5900,addr=127.0.0.1,disable-ticketing=on");
        assertThat(after(argv(Graphics.vnc("127.0.0.1", 0).withAuth(ConsoleAuth.NONE)), "-vnc"))
                .isEqualTo("vnc=127.0.0.1:0");
        assertThat(RemoteConsole.of(with(Graphics.vnc().withAuth(ConsoleAuth.NONE)), CTX).orElseThrow()
                .passwordRequired()).isFalse();
    }

    @Test
    void anExplicitSocketPathIsEscapedAndItsDirectoryChecked() {
        Graphics vnc = new Graphics.Vnc(ConsoleListener.unixSocket("/srv/a,b/vnc.sock"), ConsoleAuth.PASSWORD);
        RenderedMachine r = MachineRenderer.render(with(vnc), CTX);
        assertThat(after(r.argv(), "-vnc")).isEqualTo("vnc=unix:/srv/a,,b/vnc.sock,password=on");
        assertThat(r.hostResources()).contains(new HostResource.ListeningSocket("/srv/a,b/vnc.sock",
                "display.graphics.socket"));
        Graphics spice = new Graphics.Spice(ConsoleListener.unixSocket("/srv/a,b/s.sock"), ConsoleAuth.PASSWORD);
        assertThat(after(argv(spice), "-spice")).isEqualTo("unix=on,addr=/srv/a,,b/s.sock");
    }

    @Test
    void invalidListenersNameTheirField() {
        assertThat(violations(new Graphics.Vnc(ConsoleListener.unixSocket("vnc.sock"), ConsoleAuth.PASSWORD)))
                .extracting(Violation::path).containsExactly("display.graphics.socket");
        assertThat(violations(new Graphics.Spice(ConsoleListener.unixSocket("/" + "s".repeat(120)), ConsoleAuth.PASSWORD)))
                .singleElement().satisfies(v -> {
                    assertThat(v.path()).isEqualTo("display.graphics.socket");
                    assertThat(v.message()).contains("121 bytes");
                });
        assertThat(violations(Graphics.vnc("no host", 0))).extracting(Violation::path)
                .containsExactly("display.graphics.address");
        assertThat(violations(Graphics.vnc("127.0.0.1", 60000))).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("display.graphics.display");
            assertThat(v.message()).contains("60000");
        });
        assertThat(violations(Graphics.spice("127.0.0.1", 0))).extracting(Violation::path)
                .containsExactly("display.graphics.port");
    }

    @Test
    void userForwardWithoutHostAddressListensOnLoopback() {
        PortForward open = new PortForward(PortForward.Protocol.UDP, Optional.empty(), 5353, Optional.empty(), 53);
        PortForward everywhere = PortForward.tcp("0.0.0.0", 8080, 80);
        Machine m = Machine.builder().name("vm").nic(Nic.virtio(NicBackend.user(open, everywhere))).build();
        assertThat(after(MachineRenderer.render(m, CTX).argv(), "-netdev")).contains(
                "\"hostfwd\":[{\"str\":\"udp:127.0.0.1:5353-:53\"},{\"str\":\"tcp:0.0.0.0:8080-:80\"}]");
    }

    private static List<Violation> violations(Graphics graphics) {
        MachineBuilder b = Machine.builder().name("vm").display(new Display(graphics, Optional.empty()));
        InvalidMachineException e = catchThrowableOfType(InvalidMachineException.class, b::build);
        assertThat(e).as("the machine should have been rejected").isNotNull();
        return e.violations();
    }

    @Test
    void tlsAndTheWebsocketRenderOnTheConsoleAndTheCredentialsAreCheckedOnTheHost() {
        ConsoleSecurity tls = ConsoleSecurity.DEFAULT.withTls(new ConsoleTls("/etc/pki/qemu", false));
        List<String> vnc = argv(Graphics.vnc("0.0.0.0", 1).withSecurity(tls).withWebsocket("::1", 5700));
        assertThat(vnc).containsSequence("-object", "{\"qom-type\":\"tls-creds-x509\",\"id\":\"vnc-tls\","
                + "\"dir\":\"/etc/pki/qemu\",\"endpoint\":\"server\",\"verify-peer\":false}");
        assertThat(after(vnc, "-vnc")).isEqualTo("vnc=0.0.0.0:1,password=on,tls-creds=vnc-tls,websocket=[::1]:5700");

        RenderedMachine spice = MachineRenderer.render(with(Graphics.spice("0.0.0.0", 5930).withSecurity(tls)), CTX);
        assertThat(after(spice.argv(), "-spice")).isEqualTo("tls-port=5930,addr=0.0.0.0,x509-dir=/etc/pki/qemu");
        assertThat(spice.hostResources()).contains(
                new HostResource.ImageFile("/etc/pki/qemu/server-key.pem", HostResource.Access.READ_ONLY, "display.graphics.tls.dir"));
    }

    @Test
    void aPasswordFromAFileOrTheEnvironmentNeverReachesTheCommandLine() {
        Graphics.Vnc file = Graphics.vnc().withSecurity(ConsoleSecurity.DEFAULT
                .withPassword(new ConsolePassword.FromFile("/etc/jqemu/vm.pw")));
        RenderedMachine r = MachineRenderer.render(with(file), CTX);
        assertThat(after(r.argv(), "-vnc")).isEqualTo("vnc=unix:/run/jqemu/vm/vnc.sock,password=on");
        assertThat(r.argv()).noneMatch(a -> a.contains("vm.pw"));
        assertThat(r.hostResources()).contains(
                new HostResource.ConsolePasswordFile("/etc/jqemu/vm.pw", "display.graphics.password_file"));
        assertThat(argv(Graphics.vnc().withSecurity(ConsoleSecurity.DEFAULT
                .withPassword(new ConsolePassword.FromEnvironment("VNC_PW"))))).noneMatch(a -> a.contains("VNC_PW"));
    }
}
