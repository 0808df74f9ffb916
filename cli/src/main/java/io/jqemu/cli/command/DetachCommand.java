package io.jqemu.cli.command;

import io.jqemu.cli.vm.VmChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code jqemu detach NAME ID}: hot-unplug a device attached with {@code jqemu attach} or listed in vm.toml. */
@Command(name = "detach", mixinStandardHelpOptions = true,
        description = {"Hot-unplug a device, one jqemu attach added or a disk, NIC, vfio-pci or usb-host device "
                + "from vm.toml, and wait until the guest has let go of it (an unplug the guest refuses or never "
                + "completes is reported, not waited for forever).",
                "A vm.toml device's host changes (its tap, its vfio binding) stay until the VM stops. ide-hd "
                + "disks and vfio-pci devices at a fixed guest address cannot be unplugged."})
public final class DetachCommand extends VmCommand implements Callable<Integer> {

    @Parameters(index = "1", paramLabel = "ID", description = "The device id: what attach printed, or a vm.toml device's id "
            + "(default disk<n>, net<n>, hostdev<n>, usbhost<n> by position).")
    String id;

    @Override
    public Integer call() {
        send(VmChannel.request("detach").put("id", id));
        say(name + ": " + id + " detached");
        return 0;
    }
}
