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

    @Override
    public void write(Nic nic, TomlOut out) {
        out.inline("backend", backend(nic.backend()));
        out.choiceUnlessDefault("model", nic.model(), NicModel.VIRTIO_NET_PCI);
        out.string("mac", nic.mac());
        out.integer("boot_index", nic.bootIndex());
        out.string("id", nic.id());
    }

    private static TomlOut backend(NicBackend backend) {
        TomlOut t = new TomlOut();
        switch (backend) {
            case NicBackend.User u -> {
                t.string("type", "user");
                if (!u.forwards().isEmpty()) {
                    t.inlines("forwards", u.forwards().stream().map(NicTable::forward).toList());
                }
            }
            case NicBackend.ExistingTap e -> t.string("type", "existing-tap").string("ifname", e.ifname())
                    .choiceUnlessDefault("vhost", e.vhost(), VhostMode.AUTO);
            case NicBackend.BridgedTap b -> t.string("type", "bridged-tap").string("bridge", b.bridge())
                    .string("ifname", b.ifname()).choiceUnlessDefault("vhost", b.vhost(), VhostMode.AUTO);
            case NicBackend.Macvtap m -> t.string("type", "macvtap").string("parent", m.parent())
                    .choiceUnlessDefault("mode", m.mode(), MacvtapMode.BRIDGE).string("ifname", m.ifname())
                    .choiceUnlessDefault("vhost", m.vhost(), VhostMode.AUTO);
        }
        return t;
    }

    private static TomlOut forward(PortForward f) {
        return new TomlOut().choiceUnlessDefault("protocol", f.protocol(), PortForward.Protocol.TCP)
                .string("host_address", f.hostAddress()).integer("host_port", f.hostPort())
                .string("guest_address", f.guestAddress()).integer("guest_port", f.guestPort());
    }
}
