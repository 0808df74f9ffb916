package io.jqemu.launcher.host;

import io.jqemu.core.model.UsbHost;
import io.jqemu.core.render.HostResource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns the host resources core renders for a machine into the launcher's {@link HostRequirement}s. */
public final class HostResources {
    private HostResources() {
    }

    /**
     * The requirements for {@code resources}, in the same order.
     *
     */
    public static List<HostRequirement> requirements(List<HostResource> resources) {
        List<HostRequirement> out = new ArrayList<>();
        for (HostResource resource : resources) {
            String field = resource.fieldPath();
            switch (resource) {
                case HostResource.ImageFile f -> out.add(new HostRequirement.ExistingPath(field, Path.of(f.path()),
                        HostPathCheck.Kind.FILE, f.access() == HostResource.Access.READ_WRITE));
                case HostResource.BlockDevice b -> out.add(new HostRequirement.ExistingPath(field, Path.of(b.path()),
                        HostPathCheck.Kind.BLOCK_DEVICE, b.access() == HostResource.Access.READ_WRITE));
                case HostResource.OvmfVars v -> out.add(new HostRequirement.OvmfVars(field, Path.of(v.template()),
                        Path.of(v.target())));
                case HostResource.TapToCreate t -> {
                    out.add(new HostRequirement.BridgedTap(field, t.name(), t.bridge()));
                    if (t.vhost()) {
                        out.add(new HostRequirement.VhostNet(field + ".vhost"));
                    }
                }
                case HostResource.ExistingTap t -> {
                    out.add(new HostRequirement.ExistingInterface(field, t.name()));
                    if (t.vhost()) {
                        out.add(new HostRequirement.VhostNet(field + ".vhost"));
                    }
                }
                case HostResource.MacvtapToCreate m -> {
                    out.add(new HostRequirement.Macvtap(field, m.name(), m.parent(), m.mode(), m.mac()));
                    if (m.vhost()) {
                        out.add(new HostRequirement.VhostNet(field + ".vhost"));
                    }
                }
                case HostResource.VfioDevice d -> out.add(new HostRequirement.VfioDevice(field, d.hostAddress()));
                case HostResource.UsbHostDevice u -> out.add(new HostRequirement.UsbDevice(field, usbMatch(u.selector())));
                case HostResource.HostDeviceNode n -> out.add(new HostRequirement.ExistingPath(field, Path.of(n.path()),
                        HostPathCheck.Kind.CHARACTER_DEVICE, true));
                case HostResource.ListeningSocket s -> out.add(new HostRequirement.ListeningSocket(field,
                        Path.of(s.path())));
                case HostResource.OutputFile o -> out.add(new HostRequirement.ExistingPath(field,
                        Path.of(o.path()).toAbsolutePath().getParent(), HostPathCheck.Kind.DIRECTORY, true));
                case HostResource.SharedDirectory d -> out.add(new HostRequirement.ExistingPath(field,
                        Path.of(d.path()), HostPathCheck.Kind.DIRECTORY, !d.readOnly()));
            }
        }
        return out;
    }

    private static String usbMatch(UsbHost.Selector selector) {
        return switch (selector) {
            case UsbHost.Selector.ByIds ids -> String.format("%04x:%04x", ids.vendorId(), ids.productId());
            case UsbHost.Selector.ByAddress a -> a.hostBus() + "/" + a.hostAddress();
        };
    }
}
