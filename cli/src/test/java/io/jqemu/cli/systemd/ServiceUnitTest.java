package io.jqemu.cli.systemd;

import io.jqemu.cli.CliRun;
import io.jqemu.cli.ExitCode;
import io.jqemu.launcher.ShutdownTimeouts;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The unit jqemu prints: what systemd will do with it, read back the way systemd reads it. */
class ServiceUnitTest {

    private final UnitText template = UnitText.parse(CliRun.of("unit", "--jqemu", "/usr/bin/jqemu").out());

    @Test
    void theServiceIsANotifyServiceRunningTheVmsTomlUnderEtcJqemu() {
        assertThat(template.service("Type")).isEqualTo("notify");
        assertThat(template.service("NotifyAccess")).isEqualTo("main");
        assertThat(template.service("ExecStart")).isEqualTo("/usr/bin/jqemu run /etc/jqemu/%i.toml");
        assertThat(template.service("KillMode")).isEqualTo("mixed");
        assertThat(template.service("KillSignal")).isEqualTo("SIGTERM");
        assertThat(template.value("Install", "WantedBy")).hasValue("multi-user.target");
    }

    @Test
    void theStopTimeoutCoversEveryRungOfTheLadderPlusTheHostsUndo() throws Exception {
        ShutdownTimeouts ladder = ShutdownTimeouts.defaults();
        Duration everyRung = Duration.ZERO;
        for (var component : ShutdownTimeouts.class.getRecordComponents()) {
            if (!component.getName().equals("powerdownRepeat")) {   // a point inside guestPowerOff, not a wait of its own
                everyRung = everyRung.plus((Duration) component.getAccessor().invoke(ladder));
            }
        }

        assertThat(template.stopTimeout()).isGreaterThanOrEqualTo(everyRung.plus(ServiceUnit.HOST_UNDO))
                .isEqualTo(ServiceUnit.stopTimeout());
        assertThat(ServiceUnit.ladder()).isGreaterThanOrEqualTo(everyRung);
    }

    @Test
    void aGuestThatPoweredOffStaysOffAndBrokenConfigurationIsNotRetried() {
        assertThat(template.restartsAfter(ExitCode.OK.code())).as("guest powered off").isFalse();
        assertThat(template.restartsAfter(ExitCode.INVALID_CONFIG.code())).as("invalid vm.toml").isFalse();
        assertThat(template.restartsAfter(ExitCode.USAGE.code())).as("invalid command line").isFalse();
        assertThat(template.restartsAfter(ExitCode.CRASHED.code())).as("crash").isTrue();
        assertThat(template.restartsAfter(ExitCode.FORCED.code())).as("killed from outside").isTrue();
        assertThat(template.restartsAfter(ExitCode.START_FAILED.code())).as("could not start").isTrue();
        assertThat(template.restartsAfter(ExitCode.FAILED.code())).as("failed").isTrue();
        Arrays.stream(ExitCode.values()).forEach(code -> assertThat(template.restartsAfter(code.code()))
                .as(code.name()).isEqualTo(RestartRule.of(code) == RestartRule.RESTARTED));
    }

    @Test
    void oneVmsUnitIsTheTemplateWithItsNameFilledIn() {
        String forVm = CliRun.of("unit", "--jqemu", "/usr/bin/jqemu", "router").out();

        assertThat(forVm).doesNotContain("%i");
        UnitText unit = UnitText.parse(forVm);
        assertThat(unit.service("ExecStart")).isEqualTo("/usr/bin/jqemu run /etc/jqemu/router.toml");
        assertThat(unit.stopTimeout()).isEqualTo(template.stopTimeout());
        assertThat(new ServiceUnit(Path.of("/usr/bin/jqemu")).forVm("router")).isEqualTo(forVm);
    }

    @Test
    void aNameThatIsNotAVmNameIsRefused() {
        CliRun run = CliRun.of("unit", "../x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("NAME");
    }
}
