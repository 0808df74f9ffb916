package io.jqemu.launcher.block;

import io.jqemu.launcher.LauncherException;
import io.jqemu.qmp.QmpClient;
import io.jqemu.qmp.command.BlockInfo;
import io.jqemu.qmp.command.NodeImage;
import io.jqemu.qmp.command.QueryBlock;
import io.jqemu.qmp.command.QueryNodeImages;
import java.util.List;
import java.util.Set;

/** Finds a VM's block nodes: the node a disk's device uses now, and the node of an image file. */
final class BlockGraph {
    private static final Set<String> PROTOCOL_DRIVERS = Set.of("file", "host_device", "host_cdrom");

    private BlockGraph() {
    }

    /** The node the device {@code diskId} reads and writes through now (its chain's top). */
    static String topNode(QmpClient qmp, String diskId) {
        List<BlockInfo> backends = qmp.send(new QueryBlock());
        return backends.stream()
                .filter(b -> b.qdev().filter(q -> q.equals(diskId) || q.equals("/machine/peripheral/" + diskId)
                        || q.startsWith("/machine/peripheral/" + diskId + "/")).isPresent())
                .flatMap(b -> b.inserted().stream())
                .map(n -> n.nodeName())
                .findFirst()
                .orElseThrow(() -> new LauncherException("the VM has no disk '" + diskId + "' with a medium (its disks: "
                        + backends.stream().map(b -> b.qdev().orElse(b.device())).toList() + ")"));
    }

    /** The image of node {@code nodeName}. */
    static NodeImage image(QmpClient qmp, String nodeName) {
        return qmp.send(new QueryNodeImages()).stream().filter(n -> n.nodeName().equals(nodeName)).findFirst()
                .orElseThrow(() -> new LauncherException("the VM has no block node '" + nodeName + "'"));
    }

    /** The format node (not the protocol node) that opened {@code file}. */
    static NodeImage nodeOfFile(QmpClient qmp, String file) {
        return qmp.send(new QueryNodeImages()).stream()
                .filter(n -> n.file().equals(file) && !PROTOCOL_DRIVERS.contains(n.driver())).findFirst()
                .orElseThrow(() -> new LauncherException("the VM has no block node for the image " + file));
    }

    /** Whether a node named {@code nodeName} exists. */
    static boolean exists(QmpClient qmp, String nodeName) {
        return qmp.send(new QueryNodeImages()).stream().anyMatch(n -> n.nodeName().equals(nodeName));
    }
}
