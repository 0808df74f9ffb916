package io.jqemu.launcher;

import io.jqemu.core.render.PlanStep;
import io.jqemu.qmp.command.BlockdevAdd;
import io.jqemu.qmp.command.BlockdevDel;
import io.jqemu.qmp.command.DeviceAdd;
import io.jqemu.qmp.command.NetdevAdd;
import io.jqemu.qmp.command.NetdevDel;
import io.jqemu.qmp.command.ObjectAdd;
import io.jqemu.qmp.command.ObjectDel;
import io.jqemu.qmp.command.VoidCommand;
import java.util.Optional;

/** The one place where core's plan steps become QMP commands. */
final class PlanCommands {
    private PlanCommands() {
    }

    /**
     * The command that performs {@code step}. A {@link PlanStep.PassMacvtapFds} needs descriptors the
     * caller opens ({@link Hotplugger}); a {@link PlanStep.CommandLineOption} has no QMP form.
     */
    static VoidCommand add(PlanStep step) {
        return switch (step) {
            case PlanStep.AddBlockNode b -> new BlockdevAdd(b.options());
            case PlanStep.AddNetdev n -> new NetdevAdd(n.type(), n.id(), n.properties());
            case PlanStep.AddObject o -> new ObjectAdd(o.qomType(), o.id(), o.properties());
            case PlanStep.AddDevice d -> new DeviceAdd(d.driver(), d.id(), d.properties());
            case PlanStep.PassMacvtapFds f -> throw new IllegalArgumentException(
                    "the descriptors of macvtap " + f.macvtap() + " are opened and passed by the Hotplugger");
            case PlanStep.CommandLineOption c -> throw new LauncherException(
                    "QMP cannot add what " + c.option() + " " + c.value() + " adds on a command line");
        };
    }

    /** The command that undoes a back-end step (block node, netdev, object); empty for the others. */
    static Optional<VoidCommand> removeBackend(PlanStep step) {
        return switch (step) {
            case PlanStep.AddBlockNode b -> Optional.of(new BlockdevDel(b.nodeName()));
            case PlanStep.AddNetdev n -> Optional.of(new NetdevDel(n.id()));
            case PlanStep.AddObject o -> Optional.of(new ObjectDel(o.id()));
            case PlanStep.AddDevice d -> Optional.empty();
            case PlanStep.PassMacvtapFds f -> Optional.empty();
            case PlanStep.CommandLineOption c -> Optional.empty();
        };
    }
}
