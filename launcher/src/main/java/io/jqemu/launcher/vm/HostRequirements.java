package io.jqemu.launcher.vm;

import io.jqemu.core.model.Accelerator;
import io.jqemu.core.render.HostResource;
import io.jqemu.launcher.LauncherException;
import io.jqemu.launcher.host.HostPathCheck;
import io.jqemu.launcher.host.HostRequirement;
import io.jqemu.launcher.host.pci.PciAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Translates core's host resources into the host preparation's requirements. */
public final class HostRequirements {
    private HostRequirements() {
    }

    /**
     * The requirements for a machine's resources.
     *
     * @param accelerator the machine's accelerator as configured: an explicit KVM is checked
     * @param resources what core rendered
     * @return what the host preparation must check and do, in order
     * @throws LauncherException for a resource this launcher cannot prepare (macvtap), naming its field
     */
    public static List<HostRequirement> from(Accelerator accelerator, List<HostResource> resources) {
        List<HostRequirement> out = new ArrayList<>();
        if (accelerator == Accelerator.KVM) {
            out.add(new HostRequirement.Kvm("accelerator"));
        }
        for (HostResource r : resources) {
            switch (r) {
                case HostResource.ImageFile f -> out.add(new HostRequirement.ExistingPath(f.fieldPath(), Path.of(f.path()),
                        HostPathCheck.Kind.FILE, f.access() == HostResource.Access.READ_WRITE));
                case HostResource.BlockDevice b -> out.add(new HostRequirement.ExistingPath(b.fieldPath(),
                        Path.of(b.path()), HostPathCheck.Kind.BLOCK_DEVICE, b.access() == HostResource.Access.READ_WRITE));
                case HostResource.OvmfVars v -> out.add(new HostRequirement.OvmfVars(v.fieldPath(), Path.of(v.template())));
                case HostResource.TapToCreate t -> {
                    if (t.vhost()) {
                        out.add(new HostRequirement.VhostNet(t.fieldPath()));
                    }
                    out.add(new HostRequirement.BridgedTap(t.fieldPath(), t.name(), t.bridge()));
                }
                case HostResource.ExistingTap t -> {
                    if (t.vhost()) {
                        out.add(new HostRequirement.VhostNet(t.fieldPath()));
                    }
                }
                case HostResource.MacvtapToCreate m -> throw new LauncherException(m.fieldPath()
                        + ": macvtap NICs cannot be prepared by this launcher; use a bridged tap or user networking");
                case HostResource.VfioDevice v -> out.add(new HostRequirement.VfioDevice(v.fieldPath(),
                        PciAddress.parse(v.fieldPath(), v.hostAddress().toString())));
                case HostResource.HostDeviceNode d -> out.add(new HostRequirement.ExistingPath(d.fieldPath(),
                        Path.of(d.path()), HostPathCheck.Kind.CHARACTER_DEVICE, true));
                case HostResource.SharedDirectory s -> out.add(new HostRequirement.ExistingPath(s.fieldPath(),
                        Path.of(s.path()), HostPathCheck.Kind.DIRECTORY, !s.readOnly()));
                case HostResource.UsbHostDevice u -> {
                    // QEMU opens the device through libusb and reports a missing one itself
                }
                case HostResource.ListeningSocket s -> {
                    // the runtime directory is created by the preparation; QEMU replaces a stale socket
                }
                case HostResource.OutputFile o -> {
                    // QEMU creates the file
                }
            }
        }
        return out;
    }
}
