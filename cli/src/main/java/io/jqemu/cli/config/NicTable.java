package io.jqemu.cli.config;

import io.jqemu.core.model.MacvtapMode;
import io.jqemu.core.model.Nic;
import io.jqemu.core.model.NicBackend;
import io.jqemu.core.model.NicModel;
import io.jqemu.core.model.PortForward;
import io.jqemu.core.model.VhostMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code [[nics]]}: NICs. */
final class NicTable implements DeviceTable<Nic> {
    @Override
    public Class<Nic> kind() {
        return Nic.class;
    }

    @Override
    public String key() {
        return "nics";
    }

    @Override
    public Optional<Nic> read(TomlTable t) {
        Optional<NicBackend> backend = t.table("backend").flatMap(NicTable::backend);
        t.require("backend");
        NicModel model = t.choice("model", NicModel.class).orElse(NicModel.VIRTIO_NET_PCI);
        Optional<String> mac = t.string("mac");
        Optional<Integer> bootIndex = t.integer("boot_index", 0, TomlValues.MAX_INT).map(Long::intValue);
        Optional<String> id = t.string("id");
        t.finish();
        return backend.map(be -> new Nic(be, model, mac, bootIndex, id));
    }

    private static Optional<NicBackend> backend(TomlTable t) {
        Optional<String> type = t.requiredString("type");
        Optional<NicBackend> backend = switch (type.orElse("")) {
            case "user" -> {
                List<PortForward> forwards = new ArrayList<>();
                t.tables("forwards").forEach(f -> portForward(f).ifPresent(forwards::add));
                yield Optional.of(new NicBackend.User(forwards));
            }
            case "existing-tap" -> {
                Optional<String> ifname = t.requiredString("ifname");
                VhostMode vhost = TomlValues.vhost(t);
                yield ifname.map(i -> new NicBackend.ExistingTap(i, vhost));
            }
            case "bridged-tap" -> {
                Optional<String> bridge = t.requiredString("bridge");
                Optional<String> ifname = t.string("ifname");
                VhostMode vhost = TomlValues.vhost(t);
                yield bridge.map(br -> new NicBackend.BridgedTap(br, ifname, vhost));
            }
            case "macvtap" -> {
                Optional<String> parent = t.requiredString("parent");
                MacvtapMode mode = t.choice("mode", MacvtapMode.class).orElse(MacvtapMode.BRIDGE);
                Optional<String> ifname = t.string("ifname");
                VhostMode vhost = TomlValues.vhost(t);
                yield parent.map(p -> new NicBackend.Macvtap(p, mode, ifname, vhost));
            }
            default -> TomlValues.unknownType(t, type, "user", "existing-tap", "bridged-tap", "macvtap");
        };
        t.finish();
        return backend;
    }

    private static Optional<PortForward> portForward(TomlTable t) {
        PortForward.Protocol protocol = t.choice("protocol", PortForward.Protocol.class).orElse(PortForward.Protocol.TCP);
        Optional<String> hostAddress = t.string("host_address");
        Optional<Long> hostPort = t.integer("host_port", 0, 65535);
        t.require("host_port");
        Optional<String> guestAddress = t.string("guest_address");
        Optional<Long> guestPort = t.integer("guest_port", 0, 65535);
        t.require("guest_port");
        t.finish();
        if (hostPort.isEmpty() || guestPort.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PortForward(protocol, hostAddress, hostPort.get().intValue(), guestAddress,
                guestPort.get().intValue()));
    }
}
