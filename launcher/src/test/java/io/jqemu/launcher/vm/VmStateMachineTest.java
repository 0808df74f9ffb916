package io.jqemu.launcher.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.jqemu.launcher.VmState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VmStateMachineTest {
    @Test
    void onlyLegalMovesHappenAndTerminalStatesAreFinal() throws Exception {
        VmStateMachine states = new VmStateMachine("t", VmState.STARTING);
        assertThat(states.moveTo(VmState.RUNNING)).isTrue();
        assertThat(states.moveIf(VmState.PAUSED, VmState.RUNNING)).as("not paused").isFalse();
        assertThat(states.moveTo(VmState.SHUTTING_DOWN)).isTrue();
        assertThat(states.moveTo(VmState.RUNNING)).as("no way back from shutting down").isFalse();
        assertThat(states.moveTo(VmState.CRASHED)).isTrue();
        assertThat(states.moveTo(VmState.STOPPED)).isFalse();
        assertThat(states.terminal().get(5, TimeUnit.SECONDS)).isEqualTo(VmState.CRASHED);
        assertThat(states.state()).isEqualTo(VmState.CRASHED);
    }

    @Test
    void listenersHearEveryLaterChangeInTheOrderTheStatesChanged() throws Exception {
        for (int round = 0; round < 200; round++) {
            VmStateMachine states = new VmStateMachine("t", VmState.STARTING);
            states.moveTo(VmState.RUNNING);
            List<VmState> heard = new CopyOnWriteArrayList<>();
            states.addListener((from, to) -> heard.add(to));
            Thread pauser = Thread.ofPlatform().start(() -> states.moveIf(VmState.RUNNING, VmState.PAUSED));
            states.moveTo(VmState.SHUTTING_DOWN);
            pauser.join();
            states.moveTo(VmState.STOPPED);
            states.terminal().get(5, TimeUnit.SECONDS);
            assertThat(heard).isIn(List.of(VmState.PAUSED, VmState.SHUTTING_DOWN, VmState.STOPPED),
                    List.of(VmState.SHUTTING_DOWN, VmState.STOPPED));
        }
    }
}
