package io.jqemu.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jqemu.core.JqemuException;
import io.jqemu.core.render.DeviceRendering;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.NetworkNames;
import io.jqemu.core.render.RenderContext;
import io.jqemu.core.render.TapFds;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A network interface.
 *
 * @param backend   the host side
 * @param model     the device the guest sees
 * @param mac       the MAC address ({@code 52:54:00:12:34:56}), or empty for a stable locally
 *                  administered address derived from the VM's UUID and the NIC index
 * @param bootIndex the firmware boot index (PXE), or empty
 * @param id        the QEMU device id; empty means {@code net<index>}; the netdev is {@code netdev-<id>}
 */
public record Nic(NicBackend backend, NicModel model, Optional<String> mac, Optional<Integer> bootIndex,
                  Optional<String> id) implements Device {
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");


    /** Refuses null components; the exception names the component. */
    public Nic {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(bootIndex, "bootIndex");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String field() {
        return "nics";
    }

    @Override
    public String idPrefix() {
        return "net";
    }

    @Override
    public boolean userIds() {
        return true;
    }

    @Override
    public boolean takesRootPort() {
        return true;
    }

    /** The id of the netdev behind the NIC with {@code id}. */
    public static String netdevId(String id) {
        return "netdev-" + id;
    }

    @Override
    public void validate(DeviceCheck check) {
        String path = check.path();
        id.ifPresent(v -> check.qemuId(path + ".id", v, 24));
        mac.ifPresent(m -> {
            if (!MAC.matcher(m).matches()) {
                check.add(path + ".mac", DeviceCheck.quote(m) + " is not a MAC address (six hex pairs separated by ':')");
            } else if ((Integer.parseInt(m.substring(0, 2), 16) & 1) != 0) {
                check.add(path + ".mac", DeviceCheck.quote(m) + " is a multicast address; a NIC needs a unicast MAC");
            } else {
                check.mac(path + ".mac", m);
            }
        });
        bootIndex.ifPresent(b -> check.bootIndex(path + ".bootIndex", b));
        switch (backend) {
            case NicBackend.User u -> {
                for (int i = 0; i < u.forwards().size(); i++) {
                    PortForward f = u.forwards().get(i);
                    String fp = path + ".backend.forwards[" + i + "]";
                    f.hostAddress().ifPresent(a -> check.ipv4(fp + ".hostAddress", a));
                    f.guestAddress().ifPresent(a -> check.ipv4(fp + ".guestAddress", a));
                    check.tcpPort(fp + ".hostPort", f.hostPort());
                    check.tcpPort(fp + ".guestPort", f.guestPort());
                }
            }
            case NicBackend.ExistingTap t -> check.ifname(path + ".backend.ifname", t.ifname());
            case NicBackend.BridgedTap t -> {
                check.ifname(path + ".backend.bridge", t.bridge());
                t.ifname().ifPresent(v -> check.ifname(path + ".backend.ifname", v));
            }
            case NicBackend.Macvtap t -> {
                check.ifname(path + ".backend.parent", t.parent());
                t.ifname().ifPresent(v -> check.ifname(path + ".backend.ifname", v));
            }
        }
    }

    /**
     * Renders the netdev and the device. A macvtap NIC's descriptors come from
     * {@link RenderContext#tapFds()}, or over QMP ({@link RenderContext#monitorTapFds()}), which makes
     * the NIC a step after QEMU's paused start.
     */
    @Override
    public void render(DeviceRendering out) {
        String nicId = out.id();
        RenderContext ctx = out.context();
        String address = mac.orElse(NetworkNames.defaultMac(out.machine().uuid(), nicId));
        ObjectNode netdev = out.json();
        String type = "tap";
        switch (backend) {
            case NicBackend.User u -> {
                type = "user";
                if (!u.forwards().isEmpty()) {
                    var list = netdev.putArray("hostfwd");
                    u.forwards().forEach(f -> list.addObject().put("str", f.hostForward()));
                }
            }
            case NicBackend.ExistingTap t -> {
                boolean vhost = t.vhost().resolve(ctx);
                tap(netdev, t.ifname(), vhost);
                out.needs(new HostResource.ExistingTap(t.ifname(), vhost, out.field("backend.ifname")));
            }
            case NicBackend.BridgedTap t -> {
                boolean vhost = t.vhost().resolve(ctx);
                String name = t.ifname().orElse(NetworkNames.defaultTapName(out.machine().uuid(), nicId));
                tap(netdev, name, vhost);
                out.needs(new HostResource.TapToCreate(name, t.bridge(), vhost, out.field("backend")));
            }
            case NicBackend.Macvtap t -> {
                boolean vhost = t.vhost().resolve(ctx);
                String name = t.ifname().orElse(NetworkNames.defaultMacvtapName(out.machine().uuid(), nicId));
                TapFds fds = ctx.tapFds().get(nicId);
                if (fds == null && ctx.monitorTapFds()) {
                    fds = TapFds.monitorNames(nicId, vhost);
                    out.passMacvtapFds(name, out.field("backend"), fds);
                }
                if (fds == null) {
                    throw new JqemuException(out.path() + ": macvtap NIC " + nicId + " needs its tap descriptor: "
                            + "register it in RenderContext.tapFds, or pass it over QMP (RenderContext.monitorTapFds, "
                            + "what the launcher does)");
                }
                netdev.put("fd", fds.fd()).put("vhost", vhost);
                if (vhost) {
                    netdev.put("vhostfd", fds.vhostFd().orElseThrow(() -> new JqemuException(out.path()
                            + ": macvtap NIC " + nicId + " uses vhost but RenderContext.tapFds has no vhost descriptor")));
                }
                out.needs(new HostResource.MacvtapToCreate(name, t.parent(), t.mode(), address, vhost, nicId,
                        out.field("backend")));
            }
        }
        out.netdev(type, netdevId(nicId), netdev);
        out.device(model.qemuDriver(), out.json().put("netdev", netdevId(nicId)).put("mac", address)
                .put("bus", out.rootPort()), bootIndex);
    }

    private static void tap(ObjectNode netdev, String ifname, boolean vhost) {
        netdev.put("ifname", ifname).put("script", "no").put("downscript", "no").put("vhost", vhost);
    }

    @Override
    public Optional<String> notHotpluggable() {
        return Optional.empty();
    }

    /** A virtio-net NIC on the given backend with a derived MAC. */
    public static Nic virtio(NicBackend backend) {
        return new Nic(backend, NicModel.VIRTIO_NET_PCI, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A NIC with the given model and backend and a derived MAC. */
    public static Nic of(NicModel model, NicBackend backend) {
        return new Nic(backend, model, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A copy with a fixed MAC address. */
    public Nic withMac(String newMac) {
        return new Nic(backend, model, Optional.of(newMac), bootIndex, id);
    }

    /** A copy with a boot index. */
    public Nic withBootIndex(int index) {
        return new Nic(backend, model, mac, Optional.of(index), id);
    }

    /** A copy with an explicit device id. */
    public Nic withId(String newId) {
        return new Nic(backend, model, mac, bootIndex, Optional.of(newId));
    }
}
