package io.jqemu.core.model;

import io.jqemu.core.render.DeviceRendering;
import io.jqemu.core.render.HostResource;
import io.jqemu.core.render.KeyValueOptions;

/**
 * The channel to the QEMU guest agent ({@code qemu-ga}) inside the guest: a {@code virtio-serial-pci}
 * controller (id {@code qga-serial0}) with one port named {@value #PORT_NAME} (id {@code qga0}), whose
 * host side is a unix socket QEMU listens on in the VM's runtime directory ({@value #SOCKET_NAME}).
 * The guest runs the agent on that port; the launcher connects to the socket.
 */
public record GuestAgent() implements Device {
    /** The port name qemu-ga looks for. */
    public static final String PORT_NAME = "org.qemu.guest_agent.0";
    /** The socket's file name in the runtime directory. */
    public static final String SOCKET_NAME = "qga.sock";

    @Override
    public String field() {
        return "guestAgent";
    }

    @Override
    public boolean single() {
        return true;
    }

    @Override
    public String idPrefix() {
        return "qga";
    }

    @Override
    public boolean takesRootPort() {
        return true;
    }

    /** The socket of the channel of a machine rendered with runtime directory {@code runtimeDir}. */
    public static String socketPath(String runtimeDir) {
        return runtimeDir + "/" + SOCKET_NAME;
    }

    @Override
    public void validate(DeviceCheck check) {
        check.claimId(check.path(), serialId(check.id()));
    }

    @Override
    public void render(DeviceRendering out) {
        String socket = socketPath(out.context().runtimeDir());
        String chardev = "char" + out.id();
        out.commandLine("-chardev", KeyValueOptions.leading("socket").add("id", chardev).add("path", socket)
                .onOff("server", true).onOff("wait", false));
        out.needs(new HostResource.ListeningSocket(socket, out.path()));
        String serial = serialId(out.id());
        out.device("virtio-serial-pci", serial, out.json().put("bus", out.rootPort()));
        out.device("virtserialport", out.json().put("chardev", chardev).put("name", PORT_NAME)
                .put("bus", serial + ".0"));
    }

    private static String serialId(String portId) {
        return "qga-serial" + portId.substring("qga".length());
    }
}
