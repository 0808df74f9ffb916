package io.jqemu.core.model;

import io.jqemu.core.render.DeviceRendering;
import io.jqemu.core.render.KeyValueOptions;

import java.util.Objects;
import java.util.Optional;

/**
 * A USB device redirected over TCP from a remote {@code usbredirserver} ({@code usb-redir}).
 *
 * @param host    the server's host name or IP address
 * @param port    the server's TCP port
 * @param usbPort the guest USB port, or empty to let QEMU choose
 */
public record UsbRedir(String host, int port, Optional<String> usbPort) implements Device {
    /** Refuses null components; the exception names the component. */
    public UsbRedir {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(usbPort, "usbPort");
    }

    @Override
    public String field() {
        return "usbRedirs";
    }

    @Override
    public String idPrefix() {
        return "usbredir";
    }

    @Override
    public void validate(DeviceCheck check) {
        String path = check.path();
        check.needsUsb(path, "usb-redir");
        check.host(path + ".host", host);
        check.tcpPort(path + ".port", port);
        usbPort.ifPresent(p -> check.usbPort(path + ".usbPort", p));
    }

    /** A TCP client chardev that reconnects every 5 s, so a server that is down does not stop QEMU. */
    @Override
    public void render(DeviceRendering out) {
        String chardev = "charusbredir" + out.index();
        out.commandLine("-chardev", KeyValueOptions.leading("socket").add("id", chardev).add("host", host)
                .add("port", port).add("reconnect", 5));
        var dev = out.json().put("chardev", chardev).put("bus", DeviceRendering.USB_BUS);
        usbPort.ifPresent(p -> dev.put("port", p));
        out.device("usb-redir", dev);
    }

    /** Redirection from {@code host:port}. */
    public static UsbRedir of(String host, int port) {
        return new UsbRedir(host, port, Optional.empty());
    }
}
