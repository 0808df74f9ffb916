package io.jqemu.launcher.host.net;

import io.jqemu.core.model.MacvtapMode;
import io.jqemu.launcher.host.HostException;
import io.jqemu.launcher.host.internal.DeviceFiles;
import io.jqemu.launcher.host.internal.LibC;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network links made through rtnetlink (no {@code ip}, no shell): macvtap interfaces on a parent
 * link, whose {@code /dev/tapN} the launcher opens and hands to QEMU. Works in the network
 * namespace of the calling thread.
 */
public final class LinkDevices implements MacvtapLinks {
    private static final Logger LOG = LoggerFactory.getLogger(LinkDevices.class);
    private static final int IFLA_ADDRESS = 1;
    private static final int IFLA_IFNAME = 3;
    private static final int IFLA_LINK = 5;
    private static final int IFLA_LINKINFO = 18;
    private static final int IFLA_INFO_KIND = 1;
    private static final int IFLA_INFO_DATA = 2;
    private static final int IFLA_MACVLAN_MODE = 1;
    private static final int EEXIST = 17;
    private static final int ENODEV = 19;
    private static final int EOPNOTSUPP = 95;
    private static final long DEVICE_NODE_WAIT_MILLIS = 2000;

    private final RouteNetlink netlink = new RouteNetlink();
    private final LibC libc = LibC.INSTANCE;

    /** Creates links in the network namespace of whichever thread calls its methods. */
    public LinkDevices() {
        // the netlink socket is opened per request, on the calling thread
    }

    /**
     * Creates a macvtap on {@code parent} with the guest's MAC, brings it up and returns its
     * character device ({@code /dev/tap<ifindex>}). All or nothing: an existing interface of that
     * name is never touched, and the link this call made is removed again when bringing it up fails.
     *
     * @param fieldPath the configuration field, named in errors
     */
    @Override
    public Path createMacvtap(String fieldPath, String name, String parent, MacvtapMode mode, String mac) {
        byte[] address = parseMac(fieldPath, mac);
        createLink(fieldPath, name, "macvtap", Optional.of(parent), Optional.of(address),
                m -> m.u32(IFLA_MACVLAN_MODE, modeBits(mode)));
        try {
            new TapDevices().bringUp(fieldPath, name);
        } catch (HostException e) {
            remove(name);
            throw e;
        }
        return characterDevice(name).orElseThrow();
    }

    /** The {@code /dev/tap<ifindex>} of a macvtap, empty when no such interface exists. */
    @Override
    public Optional<Path> characterDevice(String name) {
        int index = libc.if_nametoindex(name);
        return index == 0 ? Optional.empty() : Optional.of(Path.of("/dev/tap" + index));
    }

    /**
     * Opens {@code /dev/tap<ifindex>}, waiting up to two seconds for devtmpfs or udev to make the node
     * of a macvtap created a moment ago.
     */
    @Override
    public int openMacvtap(String fieldPath, String name) {
        Path device = characterDevice(name).orElseThrow(() -> new HostException(fieldPath + ": macvtap " + name
                + " does not exist (was it removed behind jqemu's back?)"));
        long deadline = System.nanoTime() + DEVICE_NODE_WAIT_MILLIS * 1_000_000;
        while (!Files.exists(device) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HostException(fieldPath + ": interrupted while waiting for " + device, e);
            }
        }
        int fd = DeviceFiles.openReadWrite(device.toString());
        if (fd < 0) {
            throw new HostException(fieldPath + ": cannot open " + device + " of macvtap " + name + ": "
                    + DeviceFiles.lastError() + (Files.exists(device) ? ""
                    : " (no device node: is devtmpfs or udev managing /dev?)"));
        }
        return fd;
    }

    /** Deletes a link; nothing happens when it does not exist. */
    @Override
    public void remove(String name) {
        int index = libc.if_nametoindex(name);
        if (index == 0) {
            return;
        }
        int error = netlink.request(new NetlinkMessage(RouteNetlink.RTM_DELLINK,
                (short) (RouteNetlink.NLM_F_REQUEST | RouteNetlink.NLM_F_ACK), index).bytes(), "removing " + name);
        if (error != 0 && error != ENODEV) {
            throw new HostException("removing link " + name + " failed: " + netlink.describe(error));
        }
        LOG.info("removed link {}", name);
    }

    /** Creates a link of {@code kind} (RTM_NEWLINK, exclusive), with kind-specific data from {@code data}. */
    void createLink(String fieldPath, String name, String kind, Optional<String> parent, Optional<byte[]> address,
                    Consumer<NetlinkMessage> data) {
        TapDevices.checkName(fieldPath, name);
        NetlinkMessage message = new NetlinkMessage(RouteNetlink.RTM_NEWLINK, (short) (RouteNetlink.NLM_F_REQUEST
                | RouteNetlink.NLM_F_ACK | RouteNetlink.NLM_F_CREATE | RouteNetlink.NLM_F_EXCL), 0)
                .string(IFLA_IFNAME, name);
        if (parent.isPresent()) {
            int parentIndex = libc.if_nametoindex(parent.get());
            if (parentIndex == 0) {
                throw new HostException(fieldPath + ": parent link " + parent.get() + " does not exist on this host");
            }
            message.u32(IFLA_LINK, parentIndex);
        }
        address.ifPresent(a -> message.attribute(IFLA_ADDRESS, a));
        int info = message.begin(IFLA_LINKINFO);
        message.string(IFLA_INFO_KIND, kind);
        int infoData = message.begin(IFLA_INFO_DATA);
        data.accept(message);
        message.end(infoData).end(info);
        int error = netlink.request(message.bytes(), fieldPath);
        if (error == EOPNOTSUPP) {
            throw new HostException(fieldPath + ": this host's kernel cannot create " + kind
                    + " links (load the " + kind + " module)");
        }
        if (error == EEXIST) {
            throw new HostException(fieldPath + ": an interface named " + name + " already exists");
        }
        if (error != 0) {
            throw new HostException(fieldPath + ": creating " + kind + " link " + name + " failed: "
                    + netlink.describe(error));
        }
        LOG.info("created {} link {}", kind, name);
    }

    private static int modeBits(MacvtapMode mode) {
        return switch (mode) {
            case PRIVATE -> 1;
            case VEPA -> 2;
            case BRIDGE -> 4;
            case PASSTHRU -> 8;
        };
    }

    private static byte[] parseMac(String fieldPath, String mac) {
        if (!mac.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
            throw new HostException(fieldPath + ": '" + mac + "' is not a MAC address");
        }
        return HexFormat.ofDelimiter(":").parseHex(mac);
    }
}
